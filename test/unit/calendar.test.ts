import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addCalendarDays, addMonths, addWorkingDays, Calendar, isWorkingDay } from '../../shared/domain/calendar';
import { addDays, dayNumber, fromDayNumber } from '../../shared/domain/dates';

describe('working days (State Council schedules)', () => {
  it.each([
    ['2024-10-12', true, 'a make-up Saturday after National Day'],
    ['2025-02-08', true, 'a make-up Saturday after Spring Festival'],
    ['2024-09-29', true, 'a make-up Sunday before National Day'],
    ['2024-10-07', false, 'National Day holiday on a Monday'],
    ['2025-01-28', false, 'Spring Festival eve, a Tuesday'],
    ['2024-12-28', false, 'an ordinary Saturday'],
    ['2024-02-29', true, 'a leap day Thursday'],
    ['2026-01-02', false, 'New Year holiday 2026 on a Friday'],
  ])('%s is a working day: %s (%s)', (date, working) => {
    expect(isWorkingDay(date)).toBe(working);
  });
});

describe('addWorkingDays: the start day is not counted', () => {
  it.each([
    ['2024-09-27', 5, '2024-10-10', 'across National Day, counting the make-up Sunday 2024-09-29'],
    ['2024-10-11', 1, '2024-10-12', 'onto the make-up Saturday 2024-10-12'],
    ['2025-02-07', 1, '2025-02-08', 'onto the make-up Saturday 2025-02-08'],
    ['2025-01-24', 3, '2025-02-05', 'across Spring Festival 2025, counting the make-up Sunday 2025-01-26'],
    ['2024-12-27', 5, '2025-01-06', 'across the year end and New Year’s Day'],
    ['2024-02-27', 3, '2024-03-01', 'across the leap day'],
    ['2024-03-06', 7, '2024-03-15', 'an ordinary week and a half'],
  ])('%s + %i working days = %s (%s)', (start, n, due) => {
    const result = addWorkingDays(start, n);
    expect(result.date).toBe(due);
    expect(result.provisional).toBe(false);
  });

  it('explains the days counted and the days skipped', () => {
    const { steps } = addWorkingDays('2024-09-27', 5);
    expect(steps.join('\n')).toContain('第1日2024-09-29（周日，国庆节调休上班）');
    expect(steps.join('\n')).toContain('2024-10-01至2024-10-07（国庆节假期）');
  });
});

describe('addCalendarDays: a last day off moves to the next working day (民事诉讼法第八十五条)', () => {
  it.each([
    ['2025-01-13', 15, '2025-02-05', 'ends on Spring Festival eve, moves past the holiday'],
    ['2024-03-06', 60, '2024-05-06', 'ends on Sunday 2024-05-05 in the Labour Day holiday'],
    ['2024-01-30', 30, '2024-02-29', 'ends on the leap day, a working day'],
    ['2024-03-31', 30, '2024-04-30', 'a month end'],
    ['2025-03-12', 10, '2025-03-24', 'ends on a Saturday'],
    ['2024-03-06', 30, '2024-04-07', 'ends on Qingming 2024-04-05, moves to the make-up Sunday 2024-04-07'],
  ])('%s + %i days = %s (%s)', (start, n, due) => {
    expect(addCalendarDays(start, n).date).toBe(due);
  });
});

describe('addMonths', () => {
  it('takes the last day of a shorter month', () => {
    expect(addMonths('2024-01-31', 1).date).toBe('2024-02-29');
    expect(addMonths('2023-01-31', 1).date).toBe('2023-02-28');
  });

  it('moves a last day off to the next working day', () => {
    expect(addMonths('2024-08-01', 2).date).toBe('2024-10-08');
  });
});

describe('years without a schedule', () => {
  it('are counted with the statutory holidays and weekends, and marked provisional (全国年节及纪念日放假办法第二条)', () => {
    // 2027-01-01 (元旦, a Friday) is skipped: the fifth working day is Tuesday 2027-01-05.
    const result = addWorkingDays('2026-12-28', 5);
    expect(result).toMatchObject({ date: '2027-01-05', provisional: true, years: [2026, 2027] });
    expect(result.steps.join('\n')).toContain('2027-01-01（元旦假期）');
    expect(result.steps.at(-1)).toContain('2027年国务院节假日安排尚未公布');
  });

  it('before the statutory table (2003) are counted with weekends only', () => {
    const result = addWorkingDays('2003-09-30', 1);
    expect(result).toMatchObject({ date: '2003-10-01', provisional: true });
    expect(result.steps.at(-1)).toContain('2003年的节假日安排尚未载入');
  });

  it('become final once the office loads the year, its days winning', () => {
    const calendar = new Calendar([{ year: 2027, holidays: ['2027-01-01', '2027-01-04'], workdays: [] }]);
    const result = calendar.addWorkingDays('2026-12-28', 5);
    expect(result).toMatchObject({ date: '2027-01-06', provisional: false });
  });

  it('an override replaces the official schedule of its year', () => {
    const calendar = new Calendar([{ year: 2024, holidays: [], workdays: [] }]);
    expect(calendar.isWorkingDay('2024-10-08')).toBe(true);
    expect(calendar.isWorkingDay('2024-10-01')).toBe(true);
    expect(calendar.isWorkingDay('2024-10-12')).toBe(false);
    expect(calendar.schedule(2024)?.source).toBe('override');
  });
});

describe('day walks against the plain definition', () => {
  // The calendar walks day numbers; the definition, day by day over date strings, must agree,
  // across year ends, leap days, holiday runs and an office override.
  const calendar = new Calendar([{ year: 2026, holidays: ['2026-03-09'], workdays: ['2026-03-14'] }]);
  const plainWalk = (from: string, n: number, step: 1 | -1) => {
    let day = from;
    for (let counted = 0; counted < n; ) {
      day = addDays(day, step);
      if (calendar.isWorkingDay(day)) counted++;
    }
    return day;
  };
  const plainRoll = (date: string) => {
    let day = date;
    while (!calendar.isWorkingDay(day)) day = addDays(day, 1);
    return day;
  };
  const dates = fc.integer({ min: dayNumber('2003-12-01'), max: dayNumber('2028-01-31') }).map(fromDayNumber);

  it('n working days after and before a date', () => {
    fc.assert(
      fc.property(dates, fc.integer({ min: 1, max: 40 }), (date, n) => {
        expect(calendar.addWorkingDays(date, n).date).toBe(plainWalk(date, n, 1));
        expect(calendar.workingDaysBefore(date, n).date).toBe(plainWalk(date, n, -1));
      }),
      { numRuns: 400 },
    );
  });

  it('a period whose last day is a day off ends on the next working day', () => {
    fc.assert(
      fc.property(dates, fc.integer({ min: 1, max: 90 }), (date, n) => {
        expect(calendar.addCalendarDays(date, n).date).toBe(plainRoll(addDays(date, n)));
      }),
      { numRuns: 400 },
    );
  });
});
