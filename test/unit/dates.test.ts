import { describe, expect, it } from 'vitest';
import { addDays, addMonthsClamped, dayNumber, daysBetween, fromDayNumber, isValidDate, weekday } from '../../shared/domain/dates';

describe('date arithmetic on China dates', () => {
  it('agrees with Date for every day from 1999 to 2031', () => {
    for (let t = Date.UTC(1999, 0, 1); t <= Date.UTC(2031, 11, 31); t += 86_400_000) {
      const date = new Date(t).toISOString().slice(0, 10);
      const n = t / 86_400_000;
      expect(dayNumber(date)).toBe(n);
      expect(fromDayNumber(n)).toBe(date);
      expect(weekday(date)).toBe(new Date(t).getUTCDay());
    }
  });

  it('crosses month ends, leap days and year ends', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2025-01-01', -1)).toBe('2024-12-31');
    expect(daysBetween('2024-03-06', '2024-05-05')).toBe(60);
  });

  it('knows impossible dates', () => {
    expect(isValidDate('2025-02-29')).toBe(false);
    expect(isValidDate('2024-02-29')).toBe(true);
    expect(isValidDate('2024-13-01')).toBe(false);
  });

  it('clamps months to their last day', () => {
    expect(addMonthsClamped('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonthsClamped('2024-03-31', -1)).toBe('2024-02-29');
  });
});
