import type { LitigationFigures, ReconsiderationFigures } from './statistics';

/**
 * The paragraph every district writes into its annual report on building a law-based government
 * (法治政府建设年度报告): "2023年，共受理行政复议案件35件，审结27件；办理行政应诉案件57件，已审结47件，
 * 行政机关负责人出庭应诉率达100%。" — 受理 is the reconsideration applications accepted in the
 * year, 审结 those concluded in it; 办理 is the litigation cases handled (received in the year or
 * open at its start), 已审结 those concluded in it; the rate is the head-appearance rate by
 * case-instance (出庭规定第七条), the one GET /statistics gives as headAppearanceRate.
 */
export interface YearFigures {
  reconsideration: ReconsiderationFigures;
  litigation: LitigationFigures;
}

/** A fraction as a percentage with at most one decimal: 1 → 100%, 0.8333 → 83.3%, 0.5 → 50%. */
export function percent(fraction: number): string {
  const tenths = Math.round(fraction * 1000);
  return `${tenths % 10 === 0 ? String(tenths / 10) : (tenths / 10).toFixed(1)}%`;
}

/** The rate phrase: 达100% for a full rate, 为83.3% otherwise; a year without a hearing says so. */
function appearance(rate: number | null, subject: string): string {
  if (rate === null) return '年内无开庭审理的案件';
  return `${subject}出庭应诉率${rate === 1 ? '达' : '为'}${percent(rate)}`;
}

/** The report paragraph for the district, or for one agency (named) as respondent and defendant. */
export function annualParagraph(year: number, figures: YearFigures, agencyName?: string): string {
  const r = figures.reconsideration;
  const l = figures.litigation;
  if (agencyName) {
    return (
      `${year}年，${agencyName}作为被申请人的行政复议案件受理${r.accepted}件，审结${r.concluded}件；` +
      `作为被告的行政应诉案件办理${l.handled}件，已审结${l.concluded}件，${appearance(l.headAppearanceRate, '负责人')}。`
    );
  }
  return (
    `${year}年，共受理行政复议案件${r.accepted}件，审结${r.concluded}件；` +
    `办理行政应诉案件${l.handled}件，已审结${l.concluded}件，${appearance(l.headAppearanceRate, '行政机关负责人')}。`
  );
}

function change(label: string, now: number, before: number): string {
  if (now === before) return `${label}与上年持平（${now}件）`;
  const diff = now - before;
  const growth = before > 0 ? `，${diff > 0 ? '增长' : '下降'}${percent(Math.abs(diff) / before)}` : '';
  return `${label}${diff > 0 ? '增加' : '减少'}${Math.abs(diff)}件${growth}`;
}

/** 同比: the same figures against the year before. */
export function yearOnYear(year: number, now: YearFigures, before: YearFigures): string {
  return (
    `与${year - 1}年相比，` +
    [
      change('受理行政复议案件', now.reconsideration.accepted, before.reconsideration.accepted),
      change('审结行政复议案件', now.reconsideration.concluded, before.reconsideration.concluded),
      change('办理行政应诉案件', now.litigation.handled, before.litigation.handled),
      change('审结行政应诉案件', now.litigation.concluded, before.litigation.concluded),
    ].join('；') +
    '。'
  );
}
