import { addDays, weekday } from './dates';
import { statutoryLunarDates } from './holiday-data';

/**
 * The holidays the law itself fixes, for a year whose State Council schedule is not published yet
 * (全国年节及纪念日放假办法, 2024 text, in force from 2025-01-01). 第二条 names the days off of
 * all citizens; 第六条 gives a 补假 on a working day for one that falls on a Saturday or Sunday.
 * What only the State Council's yearly notice decides (第七条: the 调休 that join holidays into
 * longer runs, and the weekend days worked in exchange) is unknown until it is published, so a
 * computation that uses such a year stays provisional.
 *
 * The lunar dates and the 清明 solar term are generated from chinese-days (1900–2100) into
 * holiday-data.ts with the rest of the calendar data, so no lunar arithmetic is bundled.
 */
export interface StatutoryHoliday {
  date: string;
  /** the holiday's name, as in the State Council data (元旦, 春节, …); a 补假 is "<name>补假" */
  name: string;
}

const mmdd = (year: number, value: string) => `${year}-${value.slice(0, 2)}-${value.slice(2, 4)}`;
const isWeekend = (date: string) => {
  const day = weekday(date);
  return day === 0 || day === 6;
};

/** 第二条 and 第六条 for one year, sorted by date; undefined when the year's lunar dates are not known. */
export function statutoryHolidays(year: number): StatutoryHoliday[] | undefined {
  const encoded = Object.hasOwn(statutoryLunarDates, year) ? statutoryLunarDates[year] : undefined;
  if (encoded === undefined) return undefined;
  const [eve = '', qingming = '', duanwu = '', midAutumn = ''] = encoded.split(',');
  const springEve = mmdd(year, eve);
  // 第二条: (一) 元旦 1 day; (二) 春节 4 days, 除夕 and 正月初一至初三; (三) 清明 on the solar term's day;
  // (四) 劳动节 5-1 and 5-2; (五) 端午 on 五月初五; (六) 中秋 on 八月十五; (七) 国庆节 10-1 to 10-3.
  const fixed: StatutoryHoliday[] = [
    { date: `${year}-01-01`, name: '元旦' },
    ...[0, 1, 2, 3].map((i) => ({ date: addDays(springEve, i), name: '春节' })),
    { date: mmdd(year, qingming), name: '清明' },
    { date: `${year}-05-01`, name: '劳动节' },
    { date: `${year}-05-02`, name: '劳动节' },
    { date: mmdd(year, duanwu), name: '端午' },
    { date: mmdd(year, midAutumn), name: '中秋' },
    { date: `${year}-10-01`, name: '国庆节' },
    { date: `${year}-10-02`, name: '国庆节' },
    { date: `${year}-10-03`, name: '国庆节' },
  ].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));

  // 中秋 may fall on a day of 国庆节 (2028-10-03): the day is off once. 第六条 gives a 补假 only for a
  // holiday on a weekend, so two holidays on one day give none (the State Council's notice may).
  const days = new Map<string, string>();
  for (const holiday of fixed) {
    const other = days.get(holiday.date);
    days.set(holiday.date, other === undefined ? holiday.name : `${other}、${holiday.name}`);
  }

  // 第六条: each holiday on a Saturday or Sunday is made up on the next working day after it, one
  // day for each (春节 2027: 02-06 and 02-07 fall on a weekend, 02-08 is 初三 itself → 02-09, 02-10).
  for (const [date, name] of [...days]) {
    if (!isWeekend(date)) continue;
    let day = addDays(date, 1);
    while (isWeekend(day) || days.has(day)) day = addDays(day, 1);
    days.set(day, `${name}补假`);
  }
  return [...days].map(([date, name]) => ({ date, name })).sort((a, b) => (a.date < b.date ? -1 : 1));
}
