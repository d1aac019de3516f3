import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Node } from 'constructs';

/** What the stack may be tuned with from CDK context (`-c key=value` or cdk.json `context`). */
export interface StackConfig {
  /** browser origins allowed by CORS; empty means no CORS configuration at all */
  allowedOrigins: string[];
  /** steady-state requests per second for the whole API stage */
  throttleRateLimit: number;
  /** burst of requests the stage absorbs above the steady rate */
  throttleBurstLimit: number;
  /** retention of every log group (function logs and API access logs) */
  logRetention: RetentionDays;
}

export const defaultConfig: StackConfig = {
  allowedOrigins: [],
  throttleRateLimit: 50,
  throttleBurstLimit: 100,
  logRetention: RetentionDays.ONE_MONTH,
};

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

function origins(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value.map(String) : String(value).split(',');
  const trimmed = list.map((origin) => origin.trim()).filter((origin) => origin.length > 0);
  for (const origin of trimmed) {
    // An exact origin only: a wildcard would let any site call the API with a user's token.
    if (!URL.canParse(origin) || origin !== new URL(origin).origin) {
      throw new Error(`context allowedOrigins: ${origin} is not an origin like https://cases.example.gov.cn`);
    }
  }
  return trimmed;
}

function retention(value: unknown): RetentionDays {
  const days = positiveNumber('logRetentionDays', value, defaultConfig.logRetention, true);
  if (!retentionValues.has(days)) {
    throw new Error(
      `context logRetentionDays must be one CloudWatch Logs accepts (${[...retentionValues].join(', ')}), got ${days}`,
    );
  }
  return days as RetentionDays;
}

/** Reads the optional context keys, with the defaults above. */
export function configFromContext(node: Node): StackConfig {
  return {
    allowedOrigins: origins(node.tryGetContext('allowedOrigins')),
    throttleRateLimit: positiveNumber(
      'throttleRateLimit',
      node.tryGetContext('throttleRateLimit'),
      defaultConfig.throttleRateLimit,
    ),
    throttleBurstLimit: positiveNumber(
      'throttleBurstLimit',
      node.tryGetContext('throttleBurstLimit'),
      defaultConfig.throttleBurstLimit,
      true,
    ),
    logRetention: retention(node.tryGetContext('logRetentionDays')),
  };
}
