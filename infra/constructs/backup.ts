import { Arn, ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { BackupPlan, BackupPlanRule, BackupResource, BackupVault, type BackupPlanCopyActionProps } from 'aws-cdk-lib/aws-backup';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Schedule } from 'aws-cdk-lib/aws-events';
import { Construct } from 'constructs';
import type { BackupConfig } from '../config';
import { acknowledge } from '../nag';

export interface TableBackupProps {
  table: ITable;
  config: BackupConfig;
  namePrefix: string;
  keep: boolean;
}

/**
 * Copies beyond point-in-time recovery (which reaches back 35 days at most): an AWS Backup plan
 * with a daily and a monthly copy of the table, each kept as long as the context says, and
 * optionally copied to a vault of the same name in a second region (Beijing ↔ Ningxia), which
 * must exist there before the first copy runs (README, Deploying).
 */
export class TableBackup extends Construct {
  readonly vault: BackupVault;
  readonly plan: BackupPlan;

  constructor(scope: Construct, id: string, props: TableBackupProps) {
    super(scope, id);
    const vaultName = `${props.namePrefix}-backups`;
    this.vault = new BackupVault(this, 'Vault', {
      backupVaultName: vaultName,
      removalPolicy: props.keep ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    this.plan = new BackupPlan(this, 'Plan', { backupPlanName: `${props.namePrefix}-table`, backupVault: this.vault });

    const copyVault = props.config.copyRegion
      ? BackupVault.fromBackupVaultArn(
          this,
          'CopyVault',
          Arn.format(
            { service: 'backup', region: props.config.copyRegion, resource: 'backup-vault', resourceName: vaultName, arnFormat: ArnFormat.COLON_RESOURCE_NAME },
            Stack.of(this),
          ),
        )
      : undefined;
    const copies = (days: number): BackupPlanCopyActionProps[] =>
      copyVault ? [{ destinationBackupVault: copyVault, deleteAfter: Duration.days(days) }] : [];

    // 02:00 China time (18:00 UTC), after the working day and away from the 08:00 sweep.
    this.plan.addRule(
      new BackupPlanRule({
        ruleName: 'Daily',
        scheduleExpression: Schedule.cron({ minute: '0', hour: '18' }),
        deleteAfter: Duration.days(props.config.dailyRetentionDays),
        copyActions: copies(props.config.dailyRetentionDays),
      }),
    );
    this.plan.addRule(
      new BackupPlanRule({
        ruleName: 'Monthly',
        scheduleExpression: Schedule.cron({ minute: '0', hour: '18', day: '1' }),
        deleteAfter: Duration.days(props.config.monthlyRetentionDays),
        copyActions: copies(props.config.monthlyRetentionDays),
      }),
    );
    const selection = this.plan.addSelection('Table', { resources: [BackupResource.fromDynamoDbTable(props.table)] });
    acknowledge(
      selection,
      'IAM4',
      'AWSBackupServiceRolePolicyForBackup is the policy AWS Backup documents for its service role and maintains as services gain backup features; the role is assumable by backup.amazonaws.com only and this plan selects this one table.',
      'Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup',
    );
  }
}
