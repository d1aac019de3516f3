import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { Calendar } from '../../shared/domain/calendar';
import { HOLIDAY_DATA_SOURCE } from '../../shared/domain/holiday-data';

const require = createRequire(import.meta.url);
const source = require('chinese-days/dist/chinese-days.json') as { holidays: Record<string, string>; workdays: Record<string, string> };
const { version } = require('chinese-days/package.json') as { version: string };

describe('the compact holiday data', () => {
  it('was generated from the installed chinese-days (run npm run calendar:generate after upgrading it)', () => {
    expect(HOLIDAY_DATA_SOURCE).toBe(`chinese-days@${version}`);
  });

  it('holds exactly the package’s holidays and make-up working days, with their names', () => {
    const calendar = new Calendar();
    const years = new Set(Object.keys(source.holidays).map((d) => Number(d.slice(0, 4))));
    for (const year of years) {
      const schedule = calendar.schedule(year);
      const expectedHolidays = Object.entries(source.holidays).filter(([d]) => d.startsWith(`${year}-`));
      const expectedWorkdays = Object.entries(source.workdays).filter(([d]) => d.startsWith(`${year}-`));
      expect([...(schedule?.holidays.entries() ?? [])].sort()).toEqual(expectedHolidays.map(([d, v]) => [d, v.split(',')[1]]).sort());
      expect([...(schedule?.workdays.entries() ?? [])].sort()).toEqual(expectedWorkdays.map(([d, v]) => [d, v.split(',')[1]]).sort());
    }
  });
});
