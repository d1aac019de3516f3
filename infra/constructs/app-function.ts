import { CfnElement, Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, type IDestination } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { dirname, join } from 'node:path';
import { bundling } from '../bundling';
import { acknowledge, getAttToken } from '../nag';
import { functionEntry, lockFile, repoRoot } from '../paths';

export type TableAccess = 'read' | 'read-write';

/**
 * Item reads (one or a batch of keys: the ledger import looks case numbers up 100 at a time) and
 * index queries (a transaction's condition checks included); no Scan.
 */
export const READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem', 'dynamodb:DescribeTable'];
/** Item writes, alone or in TransactWriteItems. */
export const WRITE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];

export interface AppFunctionProps {
  /** the folder under functions/ holding `index.ts`; also the function's SERVICE_NAME in logs */
  name: string;
  description?: string;
  /** @default one month */
  logRetention?: RetentionDays;
  /** @default 512 */
  memorySize?: number;
  /** @default 10 seconds */
  timeout?: Duration;
  environment?: Record<string, string>;
  /** @default DESTROY: operational logs only; prod retains them for the statutory period */
  logRemovalPolicy?: RemovalPolicy;
  /** a share of the account's concurrency kept for this function alone (and a ceiling) */
  reservedConcurrentExecutions?: number;
  /** where an asynchronous invocation goes after its retries fail */
  onFailure?: IDestination;
  /** files shipped beside the bundle, e.g. static assets the function serves */
  copyIntoBundle?: readonly BundleFile[];
}

export interface BundleFile {
  /** path relative to the repository root, e.g. `node_modules/swagger-ui-dist/swagger-ui.css` */
  source: string;
  /** path relative to the bundle directory (beside index.mjs) */
  target: string;
}

/** Shell commands (run by the local bundler, never in Docker) that copy files into the bundle. */
function copyCommands(files: readonly BundleFile[], inputDir: string, outputDir: string): string[] {
  const quote = (path: string) => `'${path.replace(/'/g, `'\\''`)}'`;
  return files.flatMap((file) => {
    const target = join(outputDir, file.target);
    return [`mkdir -p ${quote(dirname(target))}`, `cp ${quote(join(inputDir, file.source))} ${quote(target)}`];
  });
}

/** What every function of one stage shares: how long its logs are kept and whether they outlive the stack. */
export interface FunctionSettings {
  logRetention: RetentionDays;
  logRemovalPolicy: RemovalPolicy;
}

export interface BindTableOptions {
  table: ITable;
  /** `read` grants the read actions only; a function that never writes cannot be made to */
  access: TableAccess;
}

/**
 * Every Lambda of the tracker: Node.js 22 on arm64, bundled by the local esbuild (never Docker)
 * as minified ESM with the AWS SDK inside (so the SDK version that was tested is the one that
 * runs), with its own log group and a role that can write only to that log group. A new function
 * is `new AppFunction(this, 'X', { name: 'x' }).bindTable({ table, access: 'read' })`.
 */
export class AppFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: AppFunctionProps) {
    // Created beside the function (not inside it) because they are needed before `super()` runs.
    const logGroup = new LogGroup(scope, `${id}LogGroup`, {
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
      // Operational logs only (case data lives in the table): nothing to keep once the stack is gone.
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.DESTROY,
    });
    // Not AWSLambdaBasicExecutionRole: that one may create log groups and write to any of them.
    const role = new Role(scope, `${id}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${props.name}`,
    });

    super(scope, id, {
      entry: functionEntry(props.name),
      handler: 'handler',
      projectRoot: repoRoot,
      depsLockFilePath: lockFile,
      description: props.description,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      role,
      logGroup,
      ...(props.reservedConcurrentExecutions !== undefined ? { reservedConcurrentExecutions: props.reservedConcurrentExecutions } : {}),
      ...(props.onFailure ? { onFailure: props.onFailure } : {}),
      environment: {
        LOG_LEVEL: 'INFO',
        SERVICE_NAME: props.name,
        ...props.environment,
      },
      bundling: {
        forceDockerBundling: false,
        minify: bundling.minify,
        sourceMap: bundling.sourceMap,
        sourcesContent: bundling.sourcesContent,
        target: bundling.target,
        format: OutputFormat.ESM,
        mainFields: bundling.mainFields,
        // Node 18+ runtimes would otherwise leave @aws-sdk/* to the runtime's own copy.
        bundleAwsSDK: true,
        banner: bundling.banner,
        esbuildArgs: { '--alias': Object.entries(bundling.alias).map(([from, to]) => `${from}=${to}`) },
        ...(props.copyIntoBundle?.length
          ? {
              commandHooks: {
                beforeBundling: () => [],
                beforeInstall: () => [],
                afterBundling: (inputDir: string, outputDir: string) => copyCommands(props.copyIntoBundle ?? [], inputDir, outputDir),
              },
            }
          : {}),
      },
    });
    logGroup.grantWrite(role);
    acknowledge(
      this,
      'L1',
      'Node.js 22 is the runtime the design fixes (DESIGN.md: Lambda on Node.js 22, arm64; the same code runs on local Node 20) and is in AWS support; moving to a newer runtime is a deliberate change of that decision, not an upgrade made by a linter.',
    );
  }

  /**
   * Grants the least table access the function needs and tells it the table's name. Not CDK's
   * grantReadData/grantReadWriteData: those include dynamodb:Scan, which no function may use
   * (every request path queries an index).
   */
  bindTable({ table, access }: BindTableOptions): this {
    table.grant(this, ...(access === 'read-write' ? [...READ_ACTIONS, ...WRITE_ACTIONS] : READ_ACTIONS));
    // The key's grants as CDK's own table grants make them (kms:DescribeKey included).
    if (access === 'read-write') table.encryptionKey?.grantEncryptDecrypt(this);
    else table.encryptionKey?.grantDecrypt(this);
    table.encryptionKey?.grant(this, 'kms:DescribeKey');
    this.addEnvironment('TABLE_NAME', table.tableName);

    // The wildcards CDK's table grants carry, each limited to this one table and its one key.
    const policy = this.role?.node.tryFindChild('DefaultPolicy');
    const tableResource = table.node.defaultChild;
    if (policy && CfnElement.isCfnElement(tableResource)) {
      acknowledge(
        policy,
        'IAM5',
        'Queries on the table’s global secondary indexes (gsi1..gsi3) need the index ARNs; the grant covers the indexes of this one table only.',
        `Resource::${getAttToken(tableResource, 'Arn')}/index/*`,
      );
      if (access === 'read-write' && table.encryptionKey) {
        for (const action of ['kms:ReEncrypt*', 'kms:GenerateDataKey*']) {
          acknowledge(
            policy,
            'IAM5',
            `${action} is part of CDK’s grant for writing to a table encrypted with a customer-managed key; the statement’s resource is that one key’s ARN, not every key.`,
            `Action::${action}`,
          );
        }
      }
    }
    return this;
  }
}
