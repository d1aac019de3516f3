import { agencyContracts } from '../shared/http/contracts/agencies';
import { caseContracts } from '../shared/http/contracts/cases';
import { deadlineContracts } from '../shared/http/contracts/deadlines';
import { hearingContracts } from '../shared/http/contracts/hearings';
import { statisticsContracts } from '../shared/http/contracts/statistics';
import { metaContracts } from '../shared/http/contracts/meta';
import type { RouteContract } from '../shared/http/route';
import type { TableAccess } from './constructs/app-function';

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
}

export const apiFunctionGroups: readonly ApiFunctionGroup[] = [
  { name: 'api-meta', description: 'Health, OpenAPI document, Swagger UI, enum labels', contracts: metaContracts, access: 'read' },
  { name: 'api-agencies', description: 'Agencies (respondents and defendants)', contracts: agencyContracts, access: 'read-write' },
  { name: 'api-cases', description: 'Cases: registration, actions, history', contracts: caseContracts, access: 'read-write' },
  // read-write: loading a year's calendar recomputes the open deadlines it moves.
  { name: 'api-deadlines', description: 'Deadline board, calendar, alerts', contracts: deadlineContracts, access: 'read-write' },
  { name: 'api-statistics', description: 'Statistics, CSV export, monthly reports (aggregates only)', contracts: statisticsContracts, access: 'read' },
  { name: 'api-hearings', description: 'Hearings, appearance confirmations, attendance, iCalendar feed', contracts: hearingContracts, access: 'read-write' },
];

/** Functions that serve no route: scheduled or stream-driven jobs (each is wired in the stack). */
export const jobFunctionNames = ['sweep', 'aggregator'] as const;

/** Every Lambda of the stack, by its folder under functions/. */
export const allFunctionNames: readonly string[] = [...apiFunctionGroups.map((group) => group.name), ...jobFunctionNames];
