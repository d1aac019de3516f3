import { monthlyReports, monthlyStatistics as monthlyOf, statisticsCsvOf, statisticsOf, type StatisticsDeps } from '../../app/statistics';
import { monthlyStatistics, reports, statistics, statisticsCsv } from '../contracts/statistics';
import { json } from '../respond';
import { routesFor } from '../route';

export type { StatisticsDeps } from '../../app/statistics';

const route = routesFor<StatisticsDeps>();

/** The statistics routes; the use cases (shared/app/statistics.ts) fix each caller's scope. */
export const statisticsRoutes = [
  route(statistics, async ({ c, query, identity, deps }) => json(c, await statisticsOf(deps, identity, query))),

  route(monthlyStatistics, async ({ c, query, identity, deps }) => json(c, await monthlyOf(deps, identity, query))),

  route(statisticsCsv, async ({ c, query, identity, deps }) => {
    const { from, to, csv } = await statisticsCsvOf(deps, identity, query);
    return c.body(csv, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="statistics-${from}-${to}.csv"`,
    });
  }),

  route(reports, async ({ c, identity, deps }) => json(c, { items: await monthlyReports(deps, identity) })),
];
