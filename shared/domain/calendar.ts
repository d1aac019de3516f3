import { addDays, addMonthsClamped, dayNumber, fromDayNumber, weekday, weekdayNames, weekdayOf, yearOf } from './dates';
import { holidayData } from './holiday-data';

/**
 * The official working-day calendar: weekends off, public holidays off, make-up working days on
 * weekends on (State Council schedules, from the chinese-days package), with per-year overrides
 * loaded by the legal office (PUT /calendar/{year}) winning over the package. A year with neither
 * is counted with weekends only and every result that touched it is `provisional`.
 */
export interface YearSchedule {
  year: number;
  /** days off that would otherwise be working days, with the holiday's name */
  holidays: Map<string, string>;
  /** weekend days that are working days (调休上班), with the holiday they make up for */
  workdays: Map<string, string>;
  source: 'official' | 'override';
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
  /** false when the day's year has no schedule (weekends only) */
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

const describe = (day: DayInfo): string =>
  day.why === 'holiday'
    ? `${day.date}（${day.name ?? ''}假期）`
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
    else if (first.why === 'holiday') parts.push(`${first.date}至${last.date}（${first.name ?? ''}假期）`);
    else parts.push(`${first.date}至${last.date}（周末）`);
    i = j + 1;
  }
  return parts.join('、');
}

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

  schedule(year: number): YearSchedule | undefined {
    return this.overrides.get(year) ?? officialSchedule(year);
  }

  day(date: string): DayInfo {
    return this.dayOf(date, weekday(date));
  }

  /** `day` for callers walking day numbers, who know the weekday already. */
  private dayOf(date: string, dayOfWeek: number): DayInfo {
    const schedule = this.schedule(yearOf(date));
    const weekend = dayOfWeek === 0 || dayOfWeek === 6;
    const known = schedule !== undefined;
    const holiday = schedule?.holidays.get(date);
    if (holiday !== undefined) return { date, working: false, why: 'holiday', name: holiday, known };
    const makeUp = schedule?.workdays.get(date);
    if (makeUp !== undefined) return { date, working: true, why: 'make-up-workday', name: makeUp, known };
    return { date, working: !weekend, why: weekend ? 'weekend' : 'workday', known };
  }

  isWorkingDay(date: string): boolean {
    return this.day(date).working;
  }

  /** The next working day on or after `date`. */
  private rollForward(date: string, touched: Set<number>, steps: string[]): string {
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
      `期间届满的最后一日${describe(first)}为休息日，顺延至其后的第一个工作日${day}（民事诉讼法第八十五条）${skipped.length > 1 ? `；跳过${describeRuns(skipped)}` : ''}`,
    );
    return day;
  }

  private finish(date: string, touched: Set<number>, steps: string[]): Computation {
    const years = [...touched].sort((a, b) => a - b);
    const unknown = years.filter((y) => this.schedule(y) === undefined);
    if (unknown.length > 0) {
      steps.push(`${unknown.join('、')}年的节假日安排尚未载入，仅按周末计算，结果为临时结果（provisional）`);
    }
    return { date, provisional: unknown.length > 0, years, steps };
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

  /** The n-th working day after `start` (the start day itself is not counted). */
  addWorkingDays(start: string, n: number): Computation {
    const { day, touched, counted, skipped } = this.walkWorkingDays(start, n, 1);
    const steps = [
      `自${start}的次日起计算${n}个工作日，起算日不计入（民事诉讼法第八十五条）`,
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
  addCalendarDays(start: string, n: number, extraSteps: string[] = []): Computation {
    const touched = new Set<number>([yearOf(start)]);
    const end = addDays(start, n);
    const steps = [`自${start}的次日起计算${n}日，起算日不计入（民事诉讼法第八十五条），第${n}日为${end}`, ...extraSteps];
    return this.finish(this.rollForward(end, touched, steps), touched, steps);
  }

  /** `start` + n months (民事诉讼法第八十五条), then the same roll-forward as for days. */
  addMonths(start: string, n: number): Computation {
    const touched = new Set<number>([yearOf(start)]);
    const end = addMonthsClamped(start, n);
    const steps = [`自${start}起计算${n}个月，到期月的对应日（无对应日的为该月最后一日）为${end}`];
    return this.finish(this.rollForward(end, touched, steps), touched, steps);
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
