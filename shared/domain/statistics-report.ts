import type { Agency, AgencyRepository } from './agencies';
import type { CaseKind } from './enums';
import { litigationOutcomes, reconsiderationOutcomes } from './enums';
import {
  ALL_AGENCIES,
  dayBefore,
  litigationFigures,
  reconsiderationFigures,
  type LitigationFigures,
  type ReconsiderationFigures,
  type StatisticsStore,
} from './statistics';
import { addDays, daysBetween } from './dates';
import { AppError } from './errors';

export interface Figures {
  from: string;
  to: string;
  agencyId: string | null;
  reconsideration: ReconsiderationFigures;
  litigation: LitigationFigures;
}

const reconsiderationCodes = Object.keys(reconsiderationOutcomes);
const litigationCodes = Object.keys(litigationOutcomes);

/** A statistics range is at most ten years (and ends no earlier than it starts). */
export function checkRange(from: string, to: string): void {
  if (from > to) {
    throw new AppError(
      'invalid',
      'VALIDATION_FAILED',
      { zh: '起始日期（from）晚于截止日期（to）', en: 'from is after to' },
      { errors: [{ in: 'query', path: 'from', message: { zh: '不能晚于截止日期（to）', en: 'must not be after to' } }] },
    );
  }
  if (daysBetween(from, to) > 3653) {
    throw new AppError(
      'invalid',
      'VALIDATION_FAILED',
      { zh: '统计区间最长十年', en: 'a statistics range spans at most ten years' },
      { errors: [{ in: 'query', path: 'to', message: { zh: '距起始日期（from）不能超过十年', en: 'must be within ten years of from' } }] },
    );
  }
}

/** The figures of several windows of one scope, from one read of each kind's counters. */
export async function figuresFor(
  store: StatisticsStore,
  scope: string,
  windows: readonly { from: string; to: string }[],
): Promise<{ reconsideration: ReconsiderationFigures; litigation: LitigationFigures }[]> {
  const dates = [...new Set(windows.flatMap((w) => [dayBefore(w.from), w.to]))];
  const read = (kind: CaseKind) => store.prefixes(kind, scope, dates);
  const [reconsideration, litigation] = await Promise.all([read('reconsideration'), read('litigation')]);
  return windows.map((w) => ({
    reconsideration: reconsiderationFigures(reconsideration.get(dayBefore(w.from)) ?? {}, reconsideration.get(w.to) ?? {}, reconsiderationCodes),
    litigation: litigationFigures(litigation.get(dayBefore(w.from)) ?? {}, litigation.get(w.to) ?? {}, litigationCodes),
  }));
}

/** The twelve calendar months of a year. */
export function monthsOf(year: number): { month: string; from: string; to: string }[] {
  return Array.from({ length: 12 }, (_, i) => {
    const month = `${year}-${String(i + 1).padStart(2, '0')}`;
    const next = i === 11 ? `${year + 1}-01-01` : `${year}-${String(i + 2).padStart(2, '0')}-01`;
    return { month, from: `${month}-01`, to: addDays(next, -1) };
  });
}

/** The columns of the statistics spreadsheets (CSV and .xlsx), label and value. */
export const statisticsColumns: [string, (f: Figures) => number | null][] = [
  ['行政复议收案数', (f) => f.reconsideration.received],
  ['行政复议受理数', (f) => f.reconsideration.accepted],
  ['其中视为受理数', (f) => f.reconsideration.deemedAccepted],
  ['行政复议不予受理数', (f) => f.reconsideration.notAccepted],
  ['行政复议申请视为放弃数', (f) => f.reconsideration.abandoned],
  ['行政复议审结数', (f) => f.reconsideration.concluded],
  ['行政复议办理数', (f) => f.reconsideration.handled],
  ['行政复议未结数', (f) => f.reconsideration.pending],
  ['行政复议按期审结数', (f) => f.reconsideration.concludedOnTime],
  ['行政复议超期未结数', (f) => f.reconsideration.overdueOpen],
  ['直接纠错率', (f) => f.reconsideration.correctionRate],
  ['决定类纠错率', (f) => f.reconsideration.decisionCorrectionRate],
  ['行政复议重大案件数', (f) => f.reconsideration.majorCases],
  ['行政复议重大案件集体研究数', (f) => f.reconsideration.majorCasesReviewed],
  ['行政应诉收案数', (f) => f.litigation.received],
  ['行政应诉审结数', (f) => f.litigation.concluded],
  ['行政应诉办理数', (f) => f.litigation.handled],
  ['行政应诉未结数', (f) => f.litigation.pending],
  ['败诉率', (f) => f.litigation.lossRate],
  ['开庭数', (f) => f.litigation.hearingsHeld],
  ['负责人出庭庭次', (f) => f.litigation.hearingsWithHead],
  ['负责人出庭应诉率', (f) => f.litigation.headAppearanceRate],
  ['负责人出庭率（按庭次）', (f) => f.litigation.hearingHeadAppearanceRate],
  ['行政应诉重大案件数', (f) => f.litigation.majorCases],
  ['行政应诉重大案件集体研究数', (f) => f.litigation.majorCasesReviewed],
];
export const rateColumns = new Set(['直接纠错率', '决定类纠错率', '败诉率', '负责人出庭应诉率', '负责人出庭率（按庭次）']);

function cell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** One row per agency and a total row; rates as percentages with two decimals, empty when undefined. */
export function statisticsCsv(rows: readonly { agencyId: string; agencyName: string; figures: Figures }[], total: Figures): string {
  const header = ['机关代码', '机关名称', '统计起始日', '统计截止日', ...statisticsColumns.map(([name]) => name)];
  const line = (id: string, name: string, f: Figures) => [
    id,
    name,
    f.from,
    f.to,
    ...statisticsColumns.map(([label, get]) => {
      const value = get(f);
      if (value === null) return '';
      return rateColumns.has(label) ? `${(value * 100).toFixed(2)}%` : String(value);
    }),
  ];
  const lines = [header, ...rows.map((r) => line(r.agencyId, r.agencyName, r.figures)), line('ALL', '合计', total)];
  return `\uFEFF${lines.map((l) => l.map(cell).join(',')).join('\r\n')}\r\n`;
}

async function allAgencies(repository: AgencyRepository): Promise<Agency[]> {
  const agencies: Agency[] = [];
  let after: Record<string, unknown> | undefined;
  do {
    const page = await repository.list({ limit: 200, ...(after ? { after } : {}) });
    agencies.push(...page.items);
    after = page.last;
  } while (after);
  return agencies;
}

/** The figures of every agency and the total for one window (shared with the monthly report). */
export async function figuresByAgency(
  deps: { statistics: StatisticsStore; agencies: AgencyRepository },
  from: string,
  to: string,
  only?: string,
) {
  const agencies = (await allAgencies(deps.agencies)).filter((a) => only === undefined || a.id === only);
  const window = [{ from, to }];
  const [total, ...rows] = await Promise.all([
    figuresFor(deps.statistics, only ?? ALL_AGENCIES, window),
    ...agencies.map((agency) => figuresFor(deps.statistics, agency.id, window)),
  ]);
  const figures = (agencyId: string | null, computed: Awaited<ReturnType<typeof figuresFor>>): Figures => ({ from, to, agencyId, ...computed[0]! });
  return {
    total: figures(only ?? null, total!),
    agencies: agencies.map((agency, i) => ({ agencyId: agency.id, agencyName: agency.name, figures: figures(agency.id, rows[i]!) })),
  };
}
