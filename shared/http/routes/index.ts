import type { BoundRoute } from '../route';
import { agencyRoutes, type AgencyDeps } from './agencies';
import { caseRoutes, type CaseDeps } from './cases';
import { deadlineRoutes, type DeadlineDeps } from './deadlines';
import { hearingRoutes, type HearingDeps } from './hearings';
import { statisticsRoutes, type StatisticsDeps } from './statistics';
import { metaRoutes, type MetaDeps } from './meta';
import { subscriptionRoutes, type SubscriptionDeps } from './subscriptions';
import { ledgerRoutes, type LedgerRouteDeps } from './ledger';

/** Everything the whole API needs; each Lambda builds only its own group's part. */
export type ApiDeps = AgencyDeps & MetaDeps & CaseDeps & DeadlineDeps & HearingDeps & StatisticsDeps & SubscriptionDeps & LedgerRouteDeps;

/** Every route of the API, as the local server mounts them (Lambdas mount one group each). */
export const allRoutes: readonly BoundRoute<ApiDeps>[] = [...metaRoutes, ...agencyRoutes, ...caseRoutes, ...deadlineRoutes, ...hearingRoutes, ...statisticsRoutes, ...subscriptionRoutes, ...ledgerRoutes];
