import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { referencedId, synthStack, type Resources } from './stack-fixture';

describe('the ledger functions', () => {
  const { template } = synthStack();
  const resources = template.toJSON().Resources as Resources;
  const functionNamed = (name: string) =>
    Object.entries(resources).find(
      ([, r]) => r.Type === 'AWS::Lambda::Function' && (r.Properties as { Environment?: { Variables?: { SERVICE_NAME?: string } } }).Environment?.Variables?.SERVICE_NAME === name,
    );

  it('api-ledger waits up to API Gateway’s limit and may hand a large import to the bus', () => {
    const [, api] = functionNamed('api-ledger') ?? [];
    const props = api?.Properties as { Timeout: number; MemorySize: number; Environment: { Variables: Record<string, unknown> } };
    expect(props.Timeout).toBe(29);
    expect(props.MemorySize).toBe(1024);
    expect(props.Environment.Variables.EVENT_BUS_NAME).toBeDefined();
  });

  it('a rule on the bus invokes ledger-import asynchronously, with retries and a failure queue', () => {
    const [workerId, worker] = functionNamed('ledger-import') ?? [];
    expect((worker?.Properties as { Timeout: number }).Timeout).toBe(900);
    const rules = Object.values(resources).filter((r) => r.Type === 'AWS::Events::Rule');
    const rule = rules.find((r) => JSON.stringify((r.Properties as { EventPattern?: unknown }).EventPattern ?? {}).includes('ledger-import-requested'));
    expect(rule).toBeDefined();
    const targets = (rule?.Properties as { Targets: { Arn: unknown; RetryPolicy: { MaximumRetryAttempts: number }; DeadLetterConfig: unknown }[] }).Targets;
    expect(referencedId(targets[0]?.Arn)).toBe(workerId);
    expect(targets[0]?.RetryPolicy.MaximumRetryAttempts).toBe(2);
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { DestinationConfig: { OnFailure: { Destination: Match.anyValue() } } });
  });

  it('the aggregator also hears removed cases and hearings (a failed import taking back what it wrote)', () => {
    const [, mapping] = Object.entries(resources).find(([, r]) => r.Type === 'AWS::Lambda::EventSourceMapping') ?? [];
    const filters = (mapping?.Properties?.FilterCriteria as { Filters: { Pattern: string }[] }).Filters.map((f) => JSON.parse(f.Pattern) as unknown);
    expect(filters).toContainEqual({ eventName: ['REMOVE'], dynamodb: { OldImage: { entity: { S: ['case', 'hearing'] } } } });
  });
});
