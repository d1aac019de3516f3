import { describe, expect, it } from 'vitest';
import { referencedId, synthStack } from './stack-fixture';

interface PlanRule {
  RuleName: string;
  ScheduleExpression: string;
  Lifecycle: { DeleteAfterDays: number };
  TargetBackupVault: unknown;
  CopyActions?: unknown[];
}

describe('backups beyond point-in-time recovery', () => {
  it('are off unless the context asks for them', () => {
    const { template } = synthStack();
    expect(Object.keys(template.findResources('AWS::Backup::BackupPlan'))).toEqual([]);
  });

  describe('with -c backup=true', () => {
    const { template } = synthStack({ context: { stage: 'prod', backup: 'true', backupDailyRetentionDays: 30, backupMonthlyRetentionDays: '1095' } });
    const plan = Object.values(template.findResources('AWS::Backup::BackupPlan'))[0]?.Properties as {
      BackupPlan: { BackupPlanName: string; BackupPlanRule: PlanRule[] };
    };
    const rules = new Map(plan.BackupPlan.BackupPlanRule.map((rule) => [rule.RuleName, rule]));

    it('copy the table daily, kept as long as the context says', () => {
      expect(rules.get('Daily')?.ScheduleExpression).toBe('cron(0 18 * * ? *)');
      expect(rules.get('Daily')?.Lifecycle.DeleteAfterDays).toBe(30);
    });

    it('and monthly, on the first at 02:00 China time', () => {
      expect(rules.get('Monthly')?.ScheduleExpression).toBe('cron(0 18 1 * ? *)');
      expect(rules.get('Monthly')?.Lifecycle.DeleteAfterDays).toBe(1095);
    });

    it('into the stage’s own vault, retained with the stack', () => {
      const [vaultId] = Object.keys(template.findResources('AWS::Backup::BackupVault'));
      template.hasResource('AWS::Backup::BackupVault', { Properties: { BackupVaultName: 'case-tracker-prod-backups' }, DeletionPolicy: 'Retain' });
      for (const rule of rules.values()) expect(rule.TargetBackupVault).toEqual({ 'Fn::GetAtt': [vaultId, 'BackupVaultName'] });
    });

    it('select the table and nothing else', () => {
      const [tableId] = Object.keys(template.findResources('AWS::DynamoDB::Table'));
      const selection = Object.values(template.findResources('AWS::Backup::BackupSelection'))[0]?.Properties as {
        BackupSelection: { Resources: unknown[] };
      };
      expect(selection.BackupSelection.Resources.map(referencedId)).toEqual([tableId]);
    });

    it('copy nowhere unless a second region is given', () => {
      for (const rule of rules.values()) expect(rule.CopyActions ?? []).toEqual([]);
    });
  });
});
