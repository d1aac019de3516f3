// The console (法治工作台): GET /, /login, /login/start, /auth/callback, POST /logout, /console/*
// but the ledger upload (/console/imports…, the web-ledger function): no exceljs in this bundle.
import { subscriptionRouteDeps } from '../../shared/notify/notifier-deps';
import { tableFromEnv } from '../../shared/store/from-env';
import { consoleDeps, consoleHandler } from './console-handler';

const table = tableFromEnv();

export const handler = consoleHandler({
  deps: {
    ...consoleDeps(table),
    // The notification subscriptions page: the use cases of /subscriptions, with the same sealing key
    // (NOTIFY_KEY_SECRET_ARN, granted by the stack) and the same target policy as api-notifications.
    ...subscriptionRouteDeps(table, { local: process.env.DYNAMODB_ENDPOINT !== undefined }),
  },
});
