import { addDays, addMonthsClamped, dayNumber, fromDayNumber, weekday, weekdayNames, weekdayOf, yearOf } from './dates';
import { holidayData } from './holiday-data';
import { statutoryHolidays } from './statutory-holidays';

/**
 * The official working-day calendar: weekends off, public holidays off, make-up working days on
 * weekends on (State Council schedules, from the chinese-days package), with per-year overrides
 * loaded by the legal office (PUT /calendar/{year}) winning over the package. A year with neither
 * is counted with the holidays the 全国年节及纪念日放假办法 fixes (第二条, with 第六条's 补假; see
 * statutory-holidays.ts) and weekends — only the State Council's 调休 are unknown — and every
 * result that touched it is `provisional`. A year outside what that covers (before 2025, after
 * 2100) is counted with weekends only, provisional too.
 */
export interface YearSchedule {
  year: number;
  /** days off that would otherwise be working days, with the holiday's name */
  holidays: Map<string, string>;
  /** weekend days that are working days (调休上班), with the holiday they make up for */
  workdays: Map<string, string>;
  /** statutory: not published; the holidays of the 放假办法 only (no 调休), counted provisionally */
  source: 'official' | 'override' | 'statutory';
}

export interface YearOverride {
  year: number;
  holidays: readonly string[];
  workdays: readonly string[];
}

export interface DayInfo {
  date: string;
  working: boolean;
  why: 'workday' | 'weekend' | 'holiday' | 'make-up-workday';
  name?: string;
  /** false when the day's year has no published schedule (statutory holidays or weekends only) */
  known: boolean;
}

export interface Computation {
  date: string;
  /** true when a year without a schedule was touched */
  provisional: boolean;
  /** the years whose schedules the computation read */
  years: number[];
  /** how the date was reached, step by step, for a clerk to check by hand */
  steps: string[];
}

function parseYear(year: number, encoded: string): YearSchedule {
  const [holidayPart = '', workdayPart = ''] = encoded.split('#');
  const expand = (part: string) => {
    const days = new Map<string, string>();
    for (const group of part.split('|').filter(Boolean)) {
      const [name = '', list = ''] = group.split(':');
      for (const item of list.split(',')) {
        const [from = '', to = from] = item.split('-');
        let day = `${year}-${from.slice(0, 2)}-${from.slice(2)}`;
        const last = `${year}-${to.slice(0, 2)}-${to.slice(2)}`;
        for (;;) {
          days.set(day, name);
          if (day >= last) break;
          day = addDays(day, 1);
        }
      }
    }
    return days;
  };
  return { year, holidays: expand(holidayPart), workdays: expand(workdayPart), source: 'official' };
}

/** The State Council schedule of a year, parsed the first time it is asked for (a cold start parses only the years it meets). */
const officialCache = new Map<number, YearSchedule>();
function officialSchedule(year: number): YearSchedule | undefined {
  let schedule = officialCache.get(year);
  if (schedule === undefined && Object.hasOwn(holidayData, year)) {
    schedule = parseYear(year, holidayData[year]!);
    officialCache.set(year, schedule);
  }
  return schedule;
}

/** 全国年节及纪念日放假办法第二条、第六条 for a year without a published schedule, computed once. */
const statutoryCache = new Map<number, YearSchedule | null>();
function statutorySchedule(year: number): YearSchedule | undefined {
  let schedule = statutoryCache.get(year);
  if (schedule === undefined) {
    const holidays = statutoryHolidays(year);
    schedule = holidays ? { year, holidays: new Map(holidays.map((h) => [h.date, h.name])), workdays: new Map(), source: 'statutory' } : null;
    statutoryCache.set(year, schedule);
  }
  return schedule ?? undefined;
}

/** "（春节假期）", but "（春节补假）" for a 补假 (放假办法第六条). */
const holidayLabel = (name: string | undefined) => (name?.endsWith('补假') ? `（${name}）` : `（${name ?? ''}假期）`);

const describe = (day: DayInfo): string =>
  day.why === 'holiday'
    ? `${day.date}${holidayLabel(day.name)}`
    : day.why === 'make-up-workday'
      ? `${day.date}（${weekdayNames[weekday(day.date)]}，${day.name ?? ''}调休上班）`
      : day.why === 'weekend'
        ? `${day.date}（${weekdayNames[weekday(day.date)]}）`
        : day.date;

/** Runs of consecutive skipped days as "2024-10-01至2024-10-07（国庆节假期）". */
function describeRuns(days: DayInfo[]): string {
  const parts: string[] = [];
  let i = 0;
  while (i < days.length) {
    let j = i;
    const first = days[i]!;
    while (
      j + 1 < days.length &&
      days[j + 1]!.why === first.why &&
      days[j + 1]!.name === first.name &&
      days[j + 1]!.date === addDays(days[j]!.date, 1)
    ) {
      j++;
    }
    const last = days[j]!;
    if (i === j) parts.push(describe(first));
    else if (first.why === 'holiday') parts.push(`${first.date}至${last.date}${holidayLabel(first.name)}`);
    else parts.push(`${first.date}至${last.date}（周末）`);
    i = j + 1;
  }
  return parts.join('、');
}

/** The article periods are counted by unless a caller names another (law.ts: `countingBasis`). */
const DEFAULT_COUNTING = '民事诉讼法第八十五条';

export class Calendar {
  /** the overridden years; every other year is the official schedule, if there is one */
  private readonly overrides = new Map<number, YearSchedule>();

  constructor(overrides: Iterable<YearOverride> = []) {
    for (const override of overrides) {
      this.overrides.set(override.year, {
        year: override.year,
        holidays: new Map(override.holidays.map((d) => [d, '节假日'])),
        workdays: new Map(override.workdays.map((d) => [d, '调休'])),
        source: 'override',
      });
    }
  }

  /** The schedule a year is counted with: the office's, the State Council's, else the statutory holidays. */
  schedule(year: number): YearSchedule | undefined {
    return this.overrides.get(year) ?? officialSchedule(year) ?? statutorySchedule(year);
  }

  /** Whether a year's schedule is published (the State Council's, or loaded by the office): results using it are final. */
  isPublished(year: number): boolean {
    const source = this.schedule(year)?.source;
    return source === 'official' || source === 'override';
  }

  day(date: string): DayInfo {
    return this.dayOf(date, weekday(date));
  }

  /** `day` for callers walking day numbers, who know the weekday already. */
  private dayOf(date: string, dayOfWeek: number): DayInfo {
    const schedule = this.schedule(yearOf(date));
    const weekend = dayOfWeek === 0 || dayOfWeek === 6;
    const known = schedule !== undefined && schedule.source !== 'statutory';
    const holiday = schedule?.holidays.get(date);
    if (holiday !== undefined) return { date, working: false, why: 'holiday', name: holiday, known };
    const makeUp = schedule?.workdays.get(date);
    if (makeUp !== undefined) return { date, working: true, why: 'make-up-workday', name: makeUp, known };
    return { date, working: !weekend, why: weekend ? 'weekend' : 'workday', known };
  }

  isWorkingDay(date: string): boolean {
    return this.day(date).working;
  }

  /** The next working day on or after `date`; `counting` is the article the case's periods are counted by. */
  private rollForward(date: string, touched: Set<number>, steps: string[], counting: string): string {
    const first = this.day(date);
    touched.add(yearOf(date));
    if (first.working) return date;
    const skipped: DayInfo[] = [first];
    let number = dayNumber(date) + 1;
    let day = fromDayNumber(number);
    for (;;) {
      touched.add(yearOf(day));
      const info = this.dayOf(day, weekdayOf(number));
      if (info.working) break;
      skipped.push(info);
      day = fromDayNumber(++number);
    }
    steps.push(
      `期间届满的最后一日${describe(first)}为休息日，顺延至其后的第一个工作日${day}（${counting}）${skipped.length > 1 ? `；跳过${describeRuns(skipped)}` : ''}`,
    );
    return day;
  }

  private finish(date: string, touched: Set<number>, steps: string[]): Computation {
    const years = [...touched].sort((a, b) => a - b);
    const statutory = years.filter((y) => this.schedule(y)?.source === 'statutory');
    const unknown = years.filter((y) => this.schedule(y) === undefined);
    if (statutory.length > 0) {
      steps.push(
        `${statutory.join('、')}年国务院节假日安排尚未公布，按《全国年节及纪念日放假办法》第二条的法定节假日（适逢周六、周日的，依第六条在其后的工作日补假）和周末计算，调休未知，结果为临时结果（provisional）`,
      );
    }
    if (unknown.length > 0) {
      steps.push(`${unknown.join('、')}年的节假日安排尚未载入，仅按周末计算，结果为临时结果（provisional）`);
    }
    return { date, provisional: statutory.length + unknown.length > 0, years, steps };
  }

  /** Walks day by day from `from` (not counted) until n working days are counted, forward or back. */
  private walkWorkingDays(from: string, n: number, step: 1 | -1) {
    const touched = new Set<number>([yearOf(from)]);
    const counted: DayInfo[] = [];
    const skipped: DayInfo[] = [];
    let day = from;
    let number = dayNumber(from);
    while (counted.length < n) {
      number += step;
      day = fromDayNumber(number);
      touched.add(yearOf(day));
      const info = this.dayOf(day, weekdayOf(number));
      (info.working ? counted : skipped).push(info);
    }
    return { day, touched, counted, skipped };
  }

  /**
   * The n-th working day after `start` (the start day itself is not counted). `counting` is the
   * article cited for counting: 民事诉讼法第八十五条, or 行诉解释第四十八条 in litigation (law.ts).
   */
  addWorkingDays(start: string, n: number, counting = DEFAULT_COUNTING): Computation {
    const { day, touched, counted, skipped } = this.walkWorkingDays(start, n, 1);
    const steps = [
      `自${start}的次日起计算${n}个工作日，起算日不计入（${counting}）`,
      `计入的工作日：${counted.map((d, i) => `第${i + 1}日${describe(d)}`).join('、')}`,
    ];
    if (skipped.length > 0) steps.push(`跳过的休息日：${describeRuns(skipped)}`);
    steps.push(`第${n}个工作日${day}为期间届满日`);
    return this.finish(day, touched, steps);
  }

  /** The n-th working day before `date` (the day itself not counted): "three working days before the hearing". */
  workingDaysBefore(date: string, n: number): Computation {
    const { day, touched, counted, skipped } = this.walkWorkingDays(date, n, -1);
    const steps = [
      `自${date}的前一日起向前计算${n}个工作日，当日不计入`,
      `计入的工作日：${counted.map((d, i) => `第${i + 1}日${describe(d)}`).join('、')}`,
    ];
    if (skipped.length > 0) steps.push(`跳过的休息日：${describeRuns([...skipped].reverse())}`);
    steps.push(`期限为${day}`);
    return this.finish(day, touched, steps);
  }

  /** `start` + n days, the start day not counted; a last day that is a day off moves to the next working day. */
  addCalendarDays(start: string, n: number, extraSteps: string[] = [], counting = DEFAULT_COUNTING): Computation {
    const touched = new Set<number>([yearOf(start)]);
    const end = addDays(start, n);
    const steps = [`自${start}的次日起计算${n}日，起算日不计入（${counting}），第${n}日为${end}`, ...extraSteps];
    return this.finish(this.rollForward(end, touched, steps, counting), touched, steps);
  }

  /** `start` + n months (民事诉讼法第八十五条), then the same roll-forward as for days. */
  addMonths(start: string, n: number, counting = DEFAULT_COUNTING): Computation {
    const touched = new Set<number>([yearOf(start)]);
    const end = addMonthsClamped(start, n);
    const steps = [`自${start}起计算${n}个月，到期月的对应日（无对应日的为该月最后一日）为${end}`];
    return this.finish(this.rollForward(end, touched, steps, counting), touched, steps);
  }
}

/** The package's calendar without overrides, for callers that need nothing else. */
const officialCalendar = new Calendar();
export const isWorkingDay = (date: string): boolean => officialCalendar.isWorkingDay(date);
export const addWorkingDays = (date: string, n: number): Computation => officialCalendar.addWorkingDays(date, n);
export const addCalendarDays = (date: string, n: number): Computation => officialCalendar.addCalendarDays(date, n);
export const addMonths = (date: string, n: number): Computation => officialCalendar.addMonths(date, n);

/** A year's schedule as the office loaded it (PUT /calendar/{year}). */
export interface StoredOverride extends YearOverride {
  version: number;
  updatedAt: string;
  updatedBy: { sub: string; name: string };
}

/** The port for the office's calendar overrides; shared/store implements it on DynamoDB. */
export interface CalendarRepository {
  overrides(): Promise<StoredOverride[]>;
  put(override: StoredOverride): Promise<void>;
}
