import { describe, expect, it } from 'vitest';
import { chinaDate, chinaDateTime, chinaToday, fixedClock } from '../../shared/domain/clock';

describe('China dates', () => {
  it('2024-10-07T17:00Z is already 2024-10-08 in China', () => {
    expect(chinaDate(new Date('2024-10-07T17:00:00Z'))).toBe('2024-10-08');
  });

  it('2024-10-07T15:59Z is still 2024-10-07 in China', () => {
    expect(chinaDate(new Date('2024-10-07T15:59:59Z'))).toBe('2024-10-07');
  });

  it('today comes from the injected clock', () => {
    expect(chinaToday(fixedClock('2025-12-31T16:30:00Z'))).toBe('2026-01-01');
  });

  it('datetimes are written with the +08:00 offset', () => {
    expect(chinaDateTime(new Date('2024-05-06T01:30:00Z'))).toBe('2024-05-06T09:30:00+08:00');
  });
});
