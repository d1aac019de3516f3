import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Node } from 'constructs';

export type Stage = 'dev' | 'prod';

/** The claims a token carries the caller's roles and agency in (shared/auth/identity.ts reads them). */
export interface ClaimNames {
  roles: string;
  agency: string;
}

/**
 * Who issues the tokens the HTTP API accepts: the stack's own Cognito user pool (commercial
 * regions), or any OIDC issuer (AWS China has no Cognito user pools; an intranet has its own IdP).
 */
export type IdentityConfig =
  | { mode: 'cognito'; claims: ClaimNames }
  | { mode: 'oidc'; issuer: string; audience: string[]; claims: ClaimNames };

export interface BackupConfig {
  dailyRetentionDays: number;
  monthlyRetentionDays: number;
  /** a second region the copies go to (cn-north-1 ↔ cn-northwest-1), or none */
  copyRegion?: string;
}

/** What the stack may be tuned with from CDK context (`-c key=value` or cdk.json `context`). */
export interface StackConfig {
  /** `dev` or `prod`: names, log retention, removal policies, tags */
  stage: Stage;
  /** optional name of the district a stack serves, when one account holds several */
  district?: string;
  identity: IdentityConfig;
  /** browser origins allowed by CORS; empty means no CORS configuration at all */
  allowedOrigins: string[];
  /** steady-state requests per second for the whole API stage */
  throttleRateLimit: number;
  /** burst of requests the stage absorbs above the steady rate */
  throttleBurstLimit: number;
  /** retention of every log group (function logs and API access logs) */
  logRetention: RetentionDays;
  /** where alarms are mailed; without it the topic has no subscription */
  alarmEmail?: string;
  /** the API's p99 latency above which its alarm fires */
  apiLatencyP99Ms: number;
  /** the aggregator's stream iterator age above which its alarm fires */
  iteratorAgeMinutes: number;
  /** reserved concurrency of the jobs (the sweep runs alone; the aggregator always has room) */
  sweepConcurrency: number;
  aggregatorConcurrency: number;
  /** the AWS Backup plan, when switched on with `-c backup=true` */
  backup?: BackupConfig;
  /** the console's address (links in notifications, sign-in callbacks); default: the HTTP API's own URL */
  consoleBaseUrl?: string;
  /** with Cognito: the prefix of the user pool's sign-in domain (globally unique in the region); default `<stack name prefix>-<account>` */
  cognitoDomainPrefix?: string;
  /** email notifications through SES: a verified identity's ARN and the sender address */
  notifyEmail?: { identityArn: string; from: string };
}

export const defaultClaims: ClaimNames = { roles: 'cognito:groups', agency: 'custom:agencyId' };

/** 网络安全法第二十一条: network logs are kept for no less than six months. */
export const PROD_MIN_LOG_RETENTION = RetentionDays.SIX_MONTHS;

const stageLogRetention: Record<Stage, RetentionDays> = {
  dev: RetentionDays.TWO_WEEKS,
  prod: PROD_MIN_LOG_RETENTION,
};

export const defaultConfig: StackConfig = {
  stage: 'dev',
  identity: { mode: 'cognito', claims: defaultClaims },
  allowedOrigins: [],
  throttleRateLimit: 50,
  throttleBurstLimit: 100,
  logRetention: stageLogRetention.dev,
  apiLatencyP99Ms: 3000,
  iteratorAgeMinutes: 10,
  sweepConcurrency: 1,
  aggregatorConcurrency: 5,
};

/** `case-tracker-dev`, `case-tracker-luzhou-prod`: the prefix of every name the stack gives. */
export function namePrefix(config: Pick<StackConfig, 'stage' | 'district'>): string {
  return ['case-tracker', config.district, config.stage].filter(Boolean).join('-');
}

/** `CaseTracker-dev`, `CaseTracker-luzhou-prod`. */
export function stackNameFor(config: Pick<StackConfig, 'stage' | 'district'>): string {
  return ['CaseTracker', config.district, config.stage].filter(Boolean).join('-');
}

const retentionValues = new Set<number>(
  Object.values(RetentionDays).filter((value): value is number => typeof value === 'number'),
);

/** Context values arrive as strings from `-c` and as JSON values from cdk.json: accept both. */
function positiveNumber(key: string, value: unknown, fallback: number, integer = false): number {
  if (value === undefined || value === null || value === '') return fallback;
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
    throw new Error(`context ${key} must be a positive ${integer ? 'integer' : 'number'}, got ${JSON.stringify(value)}`);
  }
  return n;
}

function flag(key: string, value: unknown): boolean {
  if (value === undefined || value === null || value === '' || value === false || value === 'false') return false;
  if (value === true || value === 'true') return true;
  throw new Error(`context ${key} must be true or false, got ${JSON.stringify(value)}`);
}

function list(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  const items = Array.isArray(value) ? value.map(String) : String(value).split(',');
  return items.map((item) => item.trim()).filter((item) => item.length > 0);
}

function optionalText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const text = String(value).trim();
  return text.length > 0 ? text : undefined;
}

function origins(value: unknown): string[] {
  const trimmed = list(value);
  for (const origin of trimmed) {
    // An exact origin only: a wildcard would let any site call the API with a user's token.
    if (!URL.canParse(origin) || origin !== new URL(origin).origin) {
      throw new Error(`context allowedOrigins: ${origin} is not an origin like https://cases.example.gov.cn`);
    }
  }
  return trimmed;
}

function stageOf(value: unknown): Stage {
  const stage = optionalText(value) ?? defaultConfig.stage;
  if (stage !== 'dev' && stage !== 'prod') throw new Error(`context stage must be dev or prod, got ${JSON.stringify(value)}`);
  return stage;
}

function districtOf(value: unknown): string | undefined {
  const district = optionalText(value);
  // It becomes part of the stack's, the bus's and the dashboard's names.
  if (district !== undefined && !/^[a-z][a-z0-9]{0,19}$/.test(district)) {
    throw new Error(`context district must be lower-case letters and digits (at most 20), like luzhou, got ${JSON.stringify(value)}`);
  }
  return district;
}

function retention(value: unknown, stage: Stage): RetentionDays {
  const days = positiveNumber('logRetentionDays', value, stageLogRetention[stage], true);
  if (!retentionValues.has(days)) {
    throw new Error(
      `context logRetentionDays must be one CloudWatch Logs accepts (${[...retentionValues].join(', ')}), got ${days}`,
    );
  }
  if (stage === 'prod' && days < PROD_MIN_LOG_RETENTION) {
    throw new Error(`context logRetentionDays: prod keeps logs at least ${PROD_MIN_LOG_RETENTION} days (网络安全法第二十一条), got ${days}`);
  }
  return days as RetentionDays;
}

function identity(node: Node): IdentityConfig {
  const claims: ClaimNames = {
    roles: optionalText(node.tryGetContext('rolesClaim')) ?? defaultClaims.roles,
    agency: optionalText(node.tryGetContext('agencyClaim')) ?? defaultClaims.agency,
  };
  const mode = optionalText(node.tryGetContext('identity')) ?? 'cognito';
  if (mode === 'cognito') return { mode, claims };
  if (mode !== 'oidc') throw new Error(`context identity must be cognito or oidc, got ${JSON.stringify(mode)}`);
  const issuer = optionalText(node.tryGetContext('oidcIssuer'));
  // API Gateway compares the token's `iss` with this exactly and fetches its keys over HTTPS.
  if (!issuer || !URL.canParse(issuer) || new URL(issuer).protocol !== 'https:') {
    throw new Error(`context oidcIssuer must be the issuer's https URL (the tokens' iss claim) with identity=oidc, got ${JSON.stringify(issuer)}`);
  }
  const audience = list(node.tryGetContext('oidcAudience'));
  if (audience.length === 0) throw new Error('context oidcAudience (the client id the tokens are issued for) is required with identity=oidc');
  return { mode, issuer, audience, claims };
}

function email(value: unknown): string | undefined {
  const address = optionalText(value);
  if (address !== undefined && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(address)) {
    throw new Error(`context alarmEmail is not an email address: ${JSON.stringify(value)}`);
  }
  return address;
}

function backup(node: Node): BackupConfig | undefined {
  if (!flag('backup', node.tryGetContext('backup'))) return undefined;
  const copyRegion = optionalText(node.tryGetContext('backupCopyRegion'));
  if (copyRegion !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d$/.test(copyRegion)) {
    throw new Error(`context backupCopyRegion must be a region such as cn-northwest-1, got ${JSON.stringify(copyRegion)}`);
  }
  return {
    dailyRetentionDays: positiveNumber('backupDailyRetentionDays', node.tryGetContext('backupDailyRetentionDays'), 35, true),
    monthlyRetentionDays: positiveNumber('backupMonthlyRetentionDays', node.tryGetContext('backupMonthlyRetentionDays'), 365, true),
    ...(copyRegion ? { copyRegion } : {}),
  };
}

function consoleUrl(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' || !/^https:\/\/[^\s/]+(\/[^\s]*)?$/.test(value)) {
    throw new Error(`context consoleBaseUrl must be an https URL like https://fazhi.example.gov.cn, got ${JSON.stringify(value)}`);
  }
  return value.replace(/\/$/, '');
}

function domainPrefix(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' || !/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(value) || /aws|amazon|cognito/.test(value)) {
    throw new Error(`context cognitoDomainPrefix must be lower-case letters, digits and hyphens, without aws, amazon or cognito, got ${JSON.stringify(value)}`);
  }
  return value;
}

function notifyEmail(node: Node): StackConfig['notifyEmail'] {
  const from = email(node.tryGetContext('notifyEmailFrom'));
  const identityArn = node.tryGetContext('notifyEmailIdentityArn') as unknown;
  if (!from && (identityArn === undefined || identityArn === '')) return undefined;
  if (!from || typeof identityArn !== 'string' || !identityArn.includes(':ses:')) {
    throw new Error('context notifyEmailFrom and notifyEmailIdentityArn (an SES identity ARN) go together');
  }
  return { identityArn, from };
}

/** Reads the context keys, with the defaults above. */
export function configFromContext(node: Node): StackConfig {
  const stage = stageOf(node.tryGetContext('stage'));
  const district = districtOf(node.tryGetContext('district'));
  const alarmEmail = email(node.tryGetContext('alarmEmail'));
  const backupConfig = backup(node);
  return {
    stage,
    ...(district ? { district } : {}),
    identity: identity(node),
    allowedOrigins: origins(node.tryGetContext('allowedOrigins')),
    throttleRateLimit: positiveNumber('throttleRateLimit', node.tryGetContext('throttleRateLimit'), defaultConfig.throttleRateLimit),
    throttleBurstLimit: positiveNumber('throttleBurstLimit', node.tryGetContext('throttleBurstLimit'), defaultConfig.throttleBurstLimit, true),
    logRetention: retention(node.tryGetContext('logRetentionDays'), stage),
    ...(alarmEmail ? { alarmEmail } : {}),
    apiLatencyP99Ms: positiveNumber('apiLatencyP99Ms', node.tryGetContext('apiLatencyP99Ms'), defaultConfig.apiLatencyP99Ms, true),
    iteratorAgeMinutes: positiveNumber('iteratorAgeMinutes', node.tryGetContext('iteratorAgeMinutes'), defaultConfig.iteratorAgeMinutes, true),
    sweepConcurrency: positiveNumber('sweepConcurrency', node.tryGetContext('sweepConcurrency'), defaultConfig.sweepConcurrency, true),
    aggregatorConcurrency: positiveNumber('aggregatorConcurrency', node.tryGetContext('aggregatorConcurrency'), defaultConfig.aggregatorConcurrency, true),
    ...(backupConfig ? { backup: backupConfig } : {}),
    ...optional('consoleBaseUrl', consoleUrl(node.tryGetContext('consoleBaseUrl'))),
    ...optional('cognitoDomainPrefix', domainPrefix(node.tryGetContext('cognitoDomainPrefix'))),
    ...optional('notifyEmail', notifyEmail(node)),
  };
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}
