import { App } from 'aws-cdk-lib';
import { CaseTrackerStack } from './case-tracker-stack';
import { configFromContext } from './config';
import { addNagChecks } from './nag';

// Env-agnostic on purpose: nothing looks up the account, so synth never needs AWS credentials.
const app = new App();
new CaseTrackerStack(app, 'CaseTrackerStack', {
  description: 'Case tracker for a district legal office: 行政复议 and 行政应诉 cases, deadlines, hearings, statistics',
  config: configFromContext(app.node),
});
addNagChecks(app);
