import { App } from 'aws-cdk-lib';
import { addCaseTrackerStack } from './case-tracker-app';
import { addNagChecks } from './nag';

// `-c stage=dev|prod`, `-c identity=cognito|oidc` and the other context keys: README, Deploying.
const app = new App();
addCaseTrackerStack(app);
addNagChecks(app);
