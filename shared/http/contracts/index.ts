import type { RouteContract } from '../route';
import { agencyContracts } from './agencies';
import { caseContracts } from './cases';
import { deadlineContracts } from './deadlines';
import { hearingContracts } from './hearings';
import { statisticsContracts } from './statistics';
import { metaContracts } from './meta';
import { subscriptionContracts } from './subscriptions';
import { ledgerContracts } from './ledger';

/** Every route of the API: the OpenAPI document and the authorization matrix are built from this. */
export const allContracts: readonly RouteContract[] = [...metaContracts, ...agencyContracts, ...caseContracts, ...deadlineContracts, ...hearingContracts, ...statisticsContracts, ...subscriptionContracts, ...ledgerContracts];
