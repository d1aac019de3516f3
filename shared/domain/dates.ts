/** Plain calendar-date arithmetic on `YYYY-MM-DD` strings (China dates; no time zone involved). */

function toUtc(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}

export function addDays(date: string, days: number): string {
  const d = toUtc(date);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  return Math.round((toUtc(to).getTime() - toUtc(from).getTime()) / 86_400_000);
}

/** 0 = Sunday … 6 = Saturday */
export function weekday(date: string): number {
  return toUtc(date).getUTCDay();
}

export const weekdayNames = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

export function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}

/**
 * 民事诉讼法第八十五条 (periods in months): the period ends on the corresponding day of the last
 * month, or on that month's last day when it has no such day (2024-01-31 + 1 month = 2024-02-29).
 */
export function addMonthsClamped(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
}

export function isValidDate(date: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(date) && toUtc(date).toISOString().slice(0, 10) === date;
}
