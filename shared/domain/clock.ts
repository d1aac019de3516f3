/**
 * "Today" is always the China calendar date (Asia/Shanghai, UTC+8, no daylight saving), never UTC:
 * a Lambda runs in UTC, so 2024-10-07T17:00Z is already 2024-10-08 for the legal office.
 */
export interface Clock {
  /** the current instant */
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock fixed at one instant, for tests and for replaying a day. */
export function fixedClock(at: string | Date): Clock {
  const instant = typeof at === 'string' ? new Date(at) : at;
  return { now: () => new Date(instant.getTime()) };
}

const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

/** The China calendar date (YYYY-MM-DD) of an instant. */
export function chinaDate(instant: Date): string {
  return new Date(instant.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

export function chinaToday(clock: Clock): string {
  return chinaDate(clock.now());
}

/** RFC 3339 with the China offset, e.g. 2024-05-06T09:30:00+08:00 (a datetime always carries its offset). */
export function chinaDateTime(instant: Date): string {
  const shifted = new Date(instant.getTime() + CHINA_OFFSET_MS).toISOString();
  return `${shifted.slice(0, 19)}+08:00`;
}
