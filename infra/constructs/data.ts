import { RemovalPolicy } from 'aws-cdk-lib';
import {
  AttributeType,
  BillingMode,
  ProjectionType,
  StreamViewType,
  Table,
  TableEncryption,
  type Attribute,
} from 'aws-cdk-lib/aws-dynamodb';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { tableDefinition, type KeyAttribute } from '../../shared/store/table-definition';
import { acknowledge } from '../nag';

export interface CaseDataProps {
  /** prod keeps the table and its key when the stack goes; dev lets them go with it */
  keep: boolean;
}

function keyAttribute(key: KeyAttribute): Attribute {
  return { name: key.name, type: key.type === 'S' ? AttributeType.STRING : AttributeType.NUMBER };
}

/**
 * What the tracker keeps: the one table (keys and indexes from shared/store/table-definition.ts),
 * the customer-managed key that encrypts it (case files hold personal data), and the key that
 * signs paging cursors.
 */
export class CaseData extends Construct {
  readonly key: Key;
  readonly table: Table;
  readonly cursorSecret: Secret;

  constructor(scope: Construct, id: string, props: CaseDataProps) {
    super(scope, id);
    const removalPolicy = props.keep ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    this.key = new Key(this, 'Key', {
      description: 'Encrypts the case tracker table (case files hold personal data)',
      enableKeyRotation: true,
      removalPolicy,
    });

    // Table, not TableV2: TableV2 cannot render a customer-managed key in an env-agnostic stack.
    this.table = new Table(this, 'Table', {
      partitionKey: keyAttribute(tableDefinition.partitionKey),
      sortKey: keyAttribute(tableDefinition.sortKey),
      timeToLiveAttribute: tableDefinition.timeToLiveAttribute,
      stream: StreamViewType[tableDefinition.streamView],
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: props.keep,
      removalPolicy,
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
    });
    for (const index of tableDefinition.globalSecondaryIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: keyAttribute(index.partitionKey),
        sortKey: keyAttribute(index.sortKey),
        projectionType: ProjectionType.ALL,
      });
    }

    // HMAC key that signs paging cursors. The functions that page get its ARN and read it at run
    // time (shared/http/cursor.ts); the value is in no template and no environment.
    this.cursorSecret = new Secret(this, 'CursorSecret', {
      description: 'HMAC-SHA256 key signing paging cursors of the case tracker API',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
    });
    acknowledge(
      this.cursorSecret,
      'SMG4',
      'Signs paging cursors and guards no credential or data: a cursor only resumes a listing the caller may already read, and carries its query scope. Cursors have no expiry, so a rotation would invalidate every cursor in flight (clients get 400 INVALID_CURSOR and must restart their listing) and, for up to the functions’ 15-minute cache, containers would disagree on the key. Rotate by hand when needed (put a new value; see SECURITY.md), not on a schedule.',
    );
  }
}
