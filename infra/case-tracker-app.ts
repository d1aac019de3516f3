import type { App, Environment } from 'aws-cdk-lib';
import { CaseTrackerStack } from './case-tracker-stack';
import { configFromContext, stackNameFor, type StackConfig } from './config';

/**
 * The account and region: from `env`, else the CLI's CDK_DEFAULT_ACCOUNT / CDK_DEFAULT_REGION
 * (the profile's). Without either the stack stays env-agnostic, so synth never needs credentials.
 */
export function environmentFrom(env: NodeJS.ProcessEnv = process.env): Environment {
  return {
    ...(env.CDK_DEFAULT_ACCOUNT ? { account: env.CDK_DEFAULT_ACCOUNT } : {}),
    ...(env.CDK_DEFAULT_REGION ? { region: env.CDK_DEFAULT_REGION } : {}),
  };
}

/** One stack per district and stage, named from the context (`CaseTracker-luzhou-prod`). */
export function addCaseTrackerStack(app: App, options: { config?: StackConfig; env?: Environment } = {}): CaseTrackerStack {
  const config = options.config ?? configFromContext(app.node);
  const stackName = stackNameFor(config);
  return new CaseTrackerStack(app, stackName, {
    stackName,
    description: `Case tracker for a district legal office (${config.stage}): 行政复议 and 行政应诉 cases, deadlines, hearings, statistics`,
    env: options.env ?? environmentFrom(),
    tags: { project: 'case-tracker', stage: config.stage, ...(config.district ? { district: config.district } : {}) },
    config,
  });
}
