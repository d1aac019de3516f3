import { agencyScope, type Identity } from '../auth/identity';
import type { AgencyRepository } from '../domain/agencies';
import { chinaToday, type Clock } from '../domain/clock';
import { notFound } from '../domain/errors';
import type { ReportRepository } from '../domain/reports';
import { ALL_AGENCIES, type StatisticsStore } from '../domain/statistics';
import { checkRange, figuresByAgency, figuresFor, monthsOf, statisticsCsv } from '../domain/statistics-report';
import { permit } from './access';

export interface StatisticsDeps {
  statistics: StatisticsStore;
  agencies: AgencyRepository;
  reports: ReportRepository;
  clock: Clock;
}

const readers = ['legal-office', 'agency-head', 'stats-reader'] as const;

/** The scope a caller may read: an agency head its own agency, everyone else what they ask for. */
export function statisticsScope(identity: Identity, asked: string | undefined): string {
  const own = agencyScope(identity);
  if (own !== undefined && asked !== undefined && asked !== own) throw notFound({ zh: `机关 ${asked} 的统计数据`, en: `statistics of agency ${asked}` });
  return own ?? asked ?? ALL_AGENCIES;
}

/** A window: `to` defaults to today, `from` to the first day of `to`'s year (China dates). */
export function windowOf(clock: Clock, asked: { from?: string | undefined; to?: string | undefined }): { from: string; to: string } {
  const to = asked.to ?? chinaToday(clock);
  const from = asked.from ?? `${to.slice(0, 4)}-01-01`;
  checkRange(from, to);
  return { from, to };
}

/** The figures of a window (any reader; never personal data). */
export async function statisticsOf(deps: StatisticsDeps, identity: Identity, query: { from?: string | undefined; to?: string | undefined; agencyId?: string | undefined }) {
  permit(identity, readers);
  const scope = statisticsScope(identity, query.agencyId);
  const { from, to } = windowOf(deps.clock, query);
  const [figures] = await figuresFor(deps.statistics, scope, [{ from, to }]);
  return { from, to, agencyId: scope === ALL_AGENCIES ? null : scope, ...figures! };
}

/** The twelve months of a year. */
export async function monthlyStatistics(deps: StatisticsDeps, identity: Identity, query: { year?: number | undefined; agencyId?: string | undefined }) {
  permit(identity, readers);
  const scope = statisticsScope(identity, query.agencyId);
  const year = query.year ?? Number(chinaToday(deps.clock).slice(0, 4));
  const months = monthsOf(year);
  const figures = await figuresFor(deps.statistics, scope, months);
  return { year, agencyId: scope === ALL_AGENCIES ? null : scope, months: months.map((m, i) => ({ ...m, ...figures[i]! })) };
}

/** Every agency's figures and the total (an agency head: its own agency's). */
export async function statisticsByAgency(deps: StatisticsDeps, identity: Identity, query: { from?: string | undefined; to?: string | undefined }) {
  permit(identity, readers);
  const own = agencyScope(identity);
  const { from, to } = windowOf(deps.clock, query);
  return { from, to, ...(await figuresByAgency(deps, from, to, own)) };
}

/** The CSV of a window: UTF-8 with BOM, Chinese headers. */
export async function statisticsCsvOf(deps: StatisticsDeps, identity: Identity, query: { from?: string | undefined; to?: string | undefined }) {
  const { from, to, total, agencies } = await statisticsByAgency(deps, identity, query);
  return { from, to, csv: statisticsCsv(agencies, total) };
}

/** The monthly reports (月通报) the sweep emitted. */
export async function monthlyReports(deps: Pick<StatisticsDeps, 'reports'>, identity: Identity) {
  permit(identity, ['legal-office', 'stats-reader']);
  return deps.reports.list();
}
