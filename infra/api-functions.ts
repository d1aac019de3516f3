import { agencyContracts } from '../shared/http/contracts/agencies';
import { caseContracts } from '../shared/http/contracts/cases';
import { deadlineContracts } from '../shared/http/contracts/deadlines';
import { hearingContracts } from '../shared/http/contracts/hearings';
import { statisticsContracts } from '../shared/http/contracts/statistics';
import { metaContracts } from '../shared/http/contracts/meta';
import { subscriptionContracts } from '../shared/http/contracts/subscriptions';
import { ledgerContracts } from '../shared/http/contracts/ledger';
import type { RouteContract } from '../shared/http/route';
import { swaggerUiBundleDir, swaggerUiFileNames } from '../shared/http/swagger-ui';
import type { BundleFile, TableAccess } from './constructs/app-function';

/**
 * One Lambda per group of routes: `name` is its folder under functions/, `contracts` the routes it
 * serves (the same route contracts that drive the Hono app and the OpenAPI document, so API
 * Gateway cannot expose a route the code does not serve), `access` what it may do to the table.
 */
export interface ApiFunctionGroup {
  name: string;
  description: string;
  contracts: readonly RouteContract[];
  access: TableAccess;
  /** files shipped beside the bundle */
  copyIntoBundle?: readonly BundleFile[];
  /** @default AppFunction's (10 s, 512 MB) */
  timeoutSeconds?: number;
  memorySize?: number;
}

/** Swagger UI's own files, served by api-meta at /docs/{file}: no page loads anything from a CDN. */
const swaggerUiFiles: readonly BundleFile[] = swaggerUiFileNames.map((file) => ({
  source: `node_modules/swagger-ui-dist/${file}`,
  target: `${swaggerUiBundleDir}/${file}`,
}));

export const apiFunctionGroups: readonly ApiFunctionGroup[] = [
  { name: 'api-meta', description: 'Health, OpenAPI document, Swagger UI, enum labels', contracts: metaContracts, access: 'read', copyIntoBundle: swaggerUiFiles },
  { name: 'api-agencies', description: 'Agencies (respondents and defendants)', contracts: agencyContracts, access: 'read-write' },
  { name: 'api-cases', description: 'Cases: registration, actions, history', contracts: caseContracts, access: 'read-write' },
  // read-write: loading a year's calendar recomputes the open deadlines it moves.
  { name: 'api-deadlines', description: 'Deadline board, calendar, alerts', contracts: deadlineContracts, access: 'read-write' },
  { name: 'api-statistics', description: 'Statistics, CSV export, monthly reports (aggregates only)', contracts: statisticsContracts, access: 'read' },
  { name: 'api-hearings', description: 'Hearings, appearance confirmations, attendance, iCalendar feed', contracts: hearingContracts, access: 'read-write' },
  // Its own function: only it (and the notifier) may read the key sealing subscription secrets.
  { name: 'api-notifications', description: 'Notification subscriptions, test messages, delivery log', contracts: subscriptionContracts, access: 'read-write' },
  // The ledger in and the reports out: spreadsheets (exceljs) and Word (docx) stay out of the other
  // bundles. An import of up to 200 rows runs within the request: up to API Gateway's 30 s.
  {
    name: 'api-ledger',
    description: 'Ledger import and export, statistics workbook, annual report',
    contracts: ledgerContracts,
    access: 'read-write',
    timeoutSeconds: 29,
    memorySize: 1024,
  },
];

/** Functions that serve no route: scheduled or stream-driven jobs (each is wired in the stack). */
export const jobFunctionNames = ['sweep', 'aggregator', 'notifier', 'ledger-import'] as const;

/** The console's function (infra/constructs/console.ts): server-rendered pages behind the same HTTP API. */
export const consoleFunctionName = 'web';
/** The console's ledger upload pages (/console/imports…): their own function, so exceljs stays out of `web`. */
export const consoleLedgerFunctionName = 'web-ledger';

/** Every Lambda of the stack, by its folder under functions/. */
export const allFunctionNames: readonly string[] = [
  ...apiFunctionGroups.map((group) => group.name),
  ...jobFunctionNames,
  consoleFunctionName,
  consoleLedgerFunctionName,
];
