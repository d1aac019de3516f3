import { agencyScope, type Identity } from '../../auth/identity';
import type { AgencyRepository } from '../../domain/agencies';
import { chinaToday, type Clock } from '../../domain/clock';
import { notFound } from '../../domain/errors';
import type { ReportRepository } from '../../domain/reports';
import { ALL_AGENCIES, type StatisticsStore } from '../../domain/statistics';
import { checkRange, figuresByAgency, figuresFor, monthsOf, statisticsCsv as toCsv } from '../../domain/statistics-report';
import { monthlyStatistics, reports, statistics, statisticsCsv } from '../contracts/statistics';
import { json } from '../respond';
import { routesFor } from '../route';

export interface StatisticsDeps {
  statistics: StatisticsStore;
  agencies: AgencyRepository;
  reports: ReportRepository;
  clock: Clock;
}

const route = routesFor<StatisticsDeps>();

/** The scope a caller may read: an agency head its own agency, everyone else what they ask for. */
function scopeFor(identity: Identity, asked: string | undefined): string {
  const own = agencyScope(identity);
  if (own !== undefined && asked !== undefined && asked !== own) throw notFound({ zh: `机关 ${asked} 的统计数据`, en: `statistics of agency ${asked}` });
  return own ?? asked ?? ALL_AGENCIES;
}

export const statisticsRoutes = [
  route(statistics, async ({ c, query, identity, deps }) => {
    const scope = scopeFor(identity, query.agencyId);
    const today = chinaToday(deps.clock);
    const to = query.to ?? today;
    const from = query.from ?? `${to.slice(0, 4)}-01-01`;
    checkRange(from, to);
    const [figures] = await figuresFor(deps.statistics, scope, [{ from, to }]);
    return json(c, { from, to, agencyId: scope === ALL_AGENCIES ? null : scope, ...figures! });
  }),

  route(monthlyStatistics, async ({ c, query, identity, deps }) => {
    const scope = scopeFor(identity, query.agencyId);
    const year = query.year ?? Number(chinaToday(deps.clock).slice(0, 4));
    const months = monthsOf(year);
    const figures = await figuresFor(deps.statistics, scope, months);
    return json(c, {
      year,
      agencyId: scope === ALL_AGENCIES ? null : scope,
      months: months.map((m, i) => ({ ...m, ...figures[i]! })),
    });
  }),

  route(statisticsCsv, async ({ c, query, identity, deps }) => {
    const own = agencyScope(identity);
    const today = chinaToday(deps.clock);
    const to = query.to ?? today;
    const from = query.from ?? `${to.slice(0, 4)}-01-01`;
    checkRange(from, to);
    const { total, agencies } = await figuresByAgency(deps, from, to, own);
    return c.body(toCsv(agencies, total), 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="statistics-${from}-${to}.csv"`,
    });
  }),

  route(reports, async ({ c, deps }) => json(c, { items: await deps.reports.list() })),
];
