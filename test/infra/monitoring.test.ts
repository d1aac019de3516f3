import { describe, expect, it } from 'vitest';
import { allFunctionNames } from '../../infra/api-functions';
import { referencedId, synthStack, type Resources } from './stack-fixture';

const { template } = synthStack({ context: { stage: 'prod', alarmEmail: 'ops@example.gov.cn', apiLatencyP99Ms: 2500 } });
const resources = template.toJSON().Resources as Resources;

interface AlarmProps {
  AlarmName: string;
  MetricName?: string;
  Namespace?: string;
  Dimensions?: { Name: string; Value: unknown }[];
  Statistic?: string;
  ExtendedStatistic?: string;
  Period?: number;
  Threshold: number;
  ComparisonOperator: string;
  EvaluationPeriods: number;
  TreatMissingData: string;
  AlarmActions: unknown[];
  OKActions: unknown[];
  Metrics?: { Expression?: string; MetricStat?: { Metric: { MetricName: string; Namespace: string } } }[];
}

const alarms = new Map(
  Object.values(resources)
    .filter((resource) => resource.Type === 'AWS::CloudWatch::Alarm')
    .map((resource) => {
      const props = resource.Properties as unknown as AlarmProps;
      return [props.AlarmName, props] as const;
    }),
);

function alarm(name: string): AlarmProps {
  const found = alarms.get(`case-tracker-prod ${name}`);
  if (!found) throw new Error(`no alarm "${name}" among ${[...alarms.keys()].join(', ')}`);
  return found;
}

const idOf = (type: string, predicate: (props: Record<string, unknown>) => boolean) =>
  Object.entries(resources).find(([, resource]) => resource.Type === type && predicate(resource.Properties ?? {}))?.[0];

const functionId = (name: string) =>
  idOf('AWS::Lambda::Function', (props) => (props.Environment as { Variables: { SERVICE_NAME: string } }).Variables.SERVICE_NAME === name);

const dimension = (props: AlarmProps, name: string) => referencedId(props.Dimensions?.find((d) => d.Name === name)?.Value);

describe('the alarm topic', () => {
  const [topicId, topic] = Object.entries(resources).find(([, resource]) => resource.Type === 'AWS::SNS::Topic') ?? [];

  it('is encrypted with a key CloudWatch may use, and takes TLS only', () => {
    const keyId = referencedId((topic?.Properties as { KmsMasterKeyId: unknown }).KmsMasterKeyId);
    const policy = JSON.stringify(resources[keyId ?? '']?.Properties?.KeyPolicy);
    expect(policy).toContain('cloudwatch.amazonaws.com');
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: [{ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] },
    });
  });

  it('mails the alarm email from the context', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.gov.cn', TopicArn: { Ref: topicId } });
  });

  it('has no subscription when no alarm email is given', () => {
    const bare = synthStack({ context: { stage: 'dev' } }).template;
    expect(Object.keys(bare.findResources('AWS::SNS::Subscription'))).toEqual([]);
  });

  it('is told of every alarm, firing and clearing', () => {
    expect(alarms.size).toBeGreaterThan(0);
    for (const [name, props] of alarms) {
      expect(props.AlarmActions.map(referencedId), name).toEqual([topicId]);
      expect(props.OKActions.map(referencedId), name).toEqual([topicId]);
    }
  });
});

describe('alarms', () => {
  it.each(allFunctionNames)('%s: any error in five minutes', (name) => {
    const props = alarm(`${name} errors`);
    expect(props).toMatchObject({ Namespace: 'AWS/Lambda', MetricName: 'Errors', Statistic: 'Sum', Period: 300, Threshold: 1 });
    expect(props.ComparisonOperator).toBe('GreaterThanOrEqualToThreshold');
    expect(dimension(props, 'FunctionName')).toBe(functionId(name));
  });

  it.each(allFunctionNames)('%s: any throttle in five minutes', (name) => {
    const props = alarm(`${name} throttles`);
    expect(props).toMatchObject({ Namespace: 'AWS/Lambda', MetricName: 'Throttles', Threshold: 1 });
    expect(dimension(props, 'FunctionName')).toBe(functionId(name));
  });

  it('the sweep did not run for a day (no data counts as not run)', () => {
    const props = alarm('sweep did not run');
    expect(props).toMatchObject({ MetricName: 'Invocations', Statistic: 'Sum', Period: 86400, Threshold: 1 });
    expect(props.ComparisonOperator).toBe('LessThanThreshold');
    expect(props.TreatMissingData).toBe('breaching');
    expect(dimension(props, 'FunctionName')).toBe(functionId('sweep'));
  });

  it('the sweep failed after its retries: a message on its failure queue', () => {
    const props = alarm('sweep failed');
    expect(props).toMatchObject({ Namespace: 'AWS/SQS', MetricName: 'ApproximateNumberOfMessagesVisible', Threshold: 1 });
    const config = Object.values(resources).find((resource) => resource.Type === 'AWS::Lambda::EventInvokeConfig');
    const queueId = referencedId((config?.Properties?.DestinationConfig as { OnFailure: { Destination: unknown } }).OnFailure.Destination);
    expect(JSON.stringify(props.Dimensions)).toContain(`"${queueId}"`);
  });

  it('any message on the aggregator’s DLQ', () => {
    const props = alarm('aggregator DLQ not empty');
    expect(props).toMatchObject({ Namespace: 'AWS/SQS', MetricName: 'ApproximateNumberOfMessagesVisible', Statistic: 'Maximum', Threshold: 1 });
    const mapping = Object.values(resources).find((resource) => resource.Type === 'AWS::Lambda::EventSourceMapping');
    const dlqArn = (mapping?.Properties?.DestinationConfig as { OnFailure: { Destination: unknown } }).OnFailure.Destination;
    expect(JSON.stringify(props.Dimensions)).toContain(`"${referencedId(dlqArn)}"`);
  });

  it('the stream iterator age above ten minutes', () => {
    const props = alarm('aggregator stream iterator age');
    expect(props).toMatchObject({ MetricName: 'IteratorAge', Statistic: 'Maximum', Threshold: 600_000 });
    expect(dimension(props, 'FunctionName')).toBe(functionId('aggregator'));
  });

  it('API 5xx', () => {
    const props = alarm('API 5xx');
    expect(props).toMatchObject({ Namespace: 'AWS/ApiGateway', MetricName: '5xx', Statistic: 'Sum', Threshold: 1 });
    expect(dimension(props, 'ApiId')).toBe(Object.keys(template.findResources('AWS::ApiGatewayV2::Api'))[0]);
  });

  it('API p99 latency above the context’s threshold for fifteen minutes', () => {
    const props = alarm('API p99 latency');
    expect(props).toMatchObject({ Namespace: 'AWS/ApiGateway', MetricName: 'Latency', ExtendedStatistic: 'p99', Threshold: 2500, Period: 300, EvaluationPeriods: 3 });
  });

  it.each([
    ['table throttles', 'ThrottledRequests'],
    ['table system errors', 'SystemErrors'],
  ])('%s, summed over the operations the functions use', (name, metricName) => {
    const props = alarm(name);
    const metrics = props.Metrics ?? [];
    expect(metrics.some((metric) => metric.Expression !== undefined)).toBe(true);
    const operations = metrics.flatMap((metric) => (metric.MetricStat?.Metric.MetricName === metricName ? [metric.MetricStat.Metric] : []));
    expect(operations.length).toBeGreaterThanOrEqual(5);
    expect(operations.length).toBeLessThanOrEqual(10);
    expect(operations.every((metric) => metric.Namespace === 'AWS/DynamoDB')).toBe(true);
  });

  it('are all named after the stage, so two stages never share one', () => {
    for (const name of alarms.keys()) expect(name).toMatch(/^case-tracker-prod /);
  });
});

describe('the dashboard', () => {
  const dashboards = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
  const body = JSON.stringify(dashboards[0]?.Properties?.DashboardBody);

  it('is one, named after the stage', () => {
    expect(dashboards).toHaveLength(1);
    expect(dashboards[0]?.Properties?.DashboardName).toBe('case-tracker-prod');
  });

  it('shows the API, the functions, the table and the jobs', () => {
    for (const section of ['## API', '## Functions', '## Table', '## Jobs']) expect(body).toContain(section);
    for (const metric of ['5xx', 'Latency', 'ConsumedReadCapacityUnits', 'IteratorAge', 'ApproximateNumberOfMessagesVisible', 'Duration']) {
      expect(body).toContain(metric);
    }
  });

  it('has a line for every function', () => {
    for (const name of allFunctionNames) expect(body).toContain(`\\"label\\":\\"${name}\\"`);
  });

  it('shows every alarm’s state', () => {
    expect(body).toContain('\\"type\\":\\"alarm\\"');
    for (const id of Object.keys(template.findResources('AWS::CloudWatch::Alarm'))) expect(body).toContain(`"${id}"`);
  });
});
