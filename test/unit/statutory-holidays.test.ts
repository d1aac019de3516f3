import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { Calendar } from '../../shared/domain/calendar';
import { replay } from '../../shared/domain/case-actions';
import { addDays, weekday } from '../../shared/domain/dates';
import { holidayData, statutoryLunarDates } from '../../shared/domain/holiday-data';
import { statutoryHolidays } from '../../shared/domain/statutory-holidays';

const require = createRequire(import.meta.url);
const source = require('chinese-days/dist/chinese-days.json') as { holidays: Record<string, string>; workdays: Record<string, string> };
const lunar = require('chinese-days') as {
  getSolarDateFromLunar: (lunarDate: string) => { date: string };
  getSolarTermDate: (year: number, month: number, term: 'pure_brightness') => string;
};

const calendar = new Calendar();
const daysOff = (year: number, name: string) => (statutoryHolidays(year) ?? []).filter((h) => h.name === name).map((h) => h.date);

describe('a year without a State Council schedule is counted with the statutory holidays (全国年节及纪念日放假办法)', () => {
  it('a 60-day decision period ending on 元旦 2027-01-01 ends on Monday 2027-01-04 and stays provisional (复议法第六十二条, 放假办法第二条第一项)', () => {
    const { deadlines } = replay(
      { kind: 'reconsideration', caseNumber: '潞复〔2026〕88号', agencyId: 'market-regulation', receivedOn: '2026-10-30', parties: [{ role: 'applicant', name: '张三' }] },
      [{ type: 'accept', on: '2026-11-02' }],
      { today: '2026-11-30', calendar },
    );
    const decision = deadlines.find((d) => d.type === 'decision');
    expect(decision).toMatchObject({ dueOn: '2027-01-04', provisional: true });
    const explanation = decision?.explanation.join('\n') ?? '';
    expect(explanation).toContain('第60日为2027-01-01');
    expect(explanation).toContain('2027-01-01（元旦假期）');
    expect(explanation).toContain('《全国年节及纪念日放假办法》第二条');
  });

  it('元旦 2027 is a day off, but only the 调休 are unknown: the year is not published (放假办法第二条)', () => {
    expect(calendar.isWorkingDay('2027-01-01')).toBe(false);
    expect(calendar.day('2027-01-01')).toMatchObject({ why: 'holiday', name: '元旦', known: false });
    expect(calendar.isPublished(2027)).toBe(false);
    expect(calendar.schedule(2027)?.source).toBe('statutory');
    expect(calendar.schedule(2027)?.workdays.size).toBe(0);
  });

  it('春节 is 除夕 to 正月初三: 2027-02-05…02-08 and 2028-01-25…01-28 (放假办法第二条第二项)', () => {
    expect(daysOff(2027, '春节')).toEqual(['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08']);
    expect(daysOff(2028, '春节')).toEqual(['2028-01-25', '2028-01-26', '2028-01-27', '2028-01-28']);
  });

  it('清明 on the solar term (2027-04-05), 端午 on 五月初五 (2027-06-09), 中秋 on 八月十五 (2027-09-15) (放假办法第二条第三、五、六项)', () => {
    expect(daysOff(2027, '清明')).toEqual(['2027-04-05']);
    expect(daysOff(2027, '端午')).toEqual(['2027-06-09']);
    expect(daysOff(2027, '中秋')).toEqual(['2027-09-15']);
  });

  it('劳动节 is May 1 and 2, 国庆节 October 1 to 3 (放假办法第二条第四、七项)', () => {
    expect(daysOff(2028, '劳动节')).toEqual(['2028-05-01', '2028-05-02']);
    expect(daysOff(2029, '国庆节')).toEqual(['2029-10-01', '2029-10-02', '2029-10-03']);
  });

  it('a holiday on a weekend is made up on the next working day (放假办法第六条)', () => {
    // 国庆节 2027: Saturday 10-02 and Sunday 10-03 → Monday 10-04 and Tuesday 10-05.
    expect(daysOff(2027, '国庆节补假')).toEqual(['2027-10-04', '2027-10-05']);
    // 春节 2027: Saturday 02-06 and Sunday 02-07; Monday 02-08 is 初三 itself → 02-09 and 02-10.
    expect(daysOff(2027, '春节补假')).toEqual(['2027-02-09', '2027-02-10']);
    // 元旦 2028 is a Saturday → Monday 2028-01-03; 端午 2028-05-28 a Sunday → Monday 05-29.
    expect(daysOff(2028, '元旦补假')).toEqual(['2028-01-03']);
    expect(daysOff(2028, '端午补假')).toEqual(['2028-05-29']);
    expect(calendar.isWorkingDay('2028-01-03')).toBe(false);
    expect(calendar.addWorkingDays('2027-09-30', 1)).toMatchObject({ date: '2027-10-06', provisional: true });
  });

  it('中秋 on a day of 国庆节 is one day off, with no 补假 of its own (2028-10-03; 第六条 covers weekends only)', () => {
    expect((statutoryHolidays(2028) ?? []).filter((h) => h.date >= '2028-10-01' && h.date <= '2028-10-31')).toEqual([
      { date: '2028-10-01', name: '国庆节' },
      { date: '2028-10-02', name: '国庆节' },
      { date: '2028-10-03', name: '中秋、国庆节' },
      { date: '2028-10-04', name: '国庆节补假' },
    ]);
  });

  it('the rule reproduces the days off of the published 2025 and 2026 schedules (the lunar dates and 补假 are right)', () => {
    for (const year of [2025, 2026]) {
      const official = calendar.schedule(year);
      expect(official?.source).toBe('official');
      for (const holiday of statutoryHolidays(year) ?? []) expect(official?.holidays.has(holiday.date), `${holiday.date} ${holiday.name}`).toBe(true);
    }
  });

  it('an office override of the year wins over the statutory holidays', () => {
    const loaded = new Calendar([{ year: 2027, holidays: [], workdays: [] }]);
    expect(loaded.isWorkingDay('2027-01-01')).toBe(true);
    expect(loaded.addCalendarDays('2026-11-02', 60)).toMatchObject({ date: '2027-01-01', provisional: false });
  });
});

describe('the statutory lunar dates', () => {
  it('are chinese-days’ 除夕, 清明, 端午 and 中秋 (run npm run calendar:generate after upgrading it)', () => {
    for (const [key, encoded] of Object.entries(statutoryLunarDates)) {
      const year = Number(key);
      const eve = addDays(lunar.getSolarDateFromLunar(`${year}-01-01`).date, -1);
      const expected = [eve, lunar.getSolarTermDate(year, 4, 'pure_brightness'), lunar.getSolarDateFromLunar(`${year}-05-05`).date, lunar.getSolarDateFromLunar(`${year}-08-15`).date];
      expect(encoded, String(year)).toBe(expected.map((d) => d.slice(5).replace('-', '')).join(','));
    }
  });
});

describe('published years are untouched', () => {
  it('every day of every year chinese-days publishes is a working day exactly as its schedule says', () => {
    const years = Object.keys(holidayData).map(Number);
    expect(years).toContain(2026);
    for (const year of years) {
      expect(calendar.isPublished(year)).toBe(true);
      expect(calendar.schedule(year)?.source).toBe('official');
      const differing: string[] = [];
      for (let day = `${year}-01-01`; day.startsWith(String(year)); day = addDays(day, 1)) {
        const weekend = weekday(day) === 0 || weekday(day) === 6;
        const working = day in source.workdays || (!weekend && !(day in source.holidays));
        if (calendar.isWorkingDay(day) !== working) differing.push(day);
      }
      expect(differing).toEqual([]);
    }
  });
});
