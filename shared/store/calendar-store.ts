import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { Calendar, type CalendarRepository, type StoredOverride } from '../domain/calendar';
import { stripKeys } from './keys';
import type { Table } from './table';

/** pk CALENDAR / sk <year>: one item per year the office loaded or corrected. */
export class DynamoCalendarRepository implements CalendarRepository {
  constructor(private readonly table: Table) {}

  async overrides(): Promise<StoredOverride[]> {
    const result = await this.table.run((doc, TableName) =>
      doc.send(new QueryCommand({ TableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'CALENDAR' } })),
    );
    return (result.Items ?? []).map((item) => stripKeys<StoredOverride>(item));
  }

  async put(override: StoredOverride): Promise<void> {
    await this.table.run((doc, TableName) =>
      doc.send(new PutCommand({ TableName, Item: { pk: 'CALENDAR', sk: String(override.year), entity: 'calendar', ...override } })),
    );
  }
}

/**
 * The calendar with the office's overrides, read at most once per `ttlMs` per process: overrides
 * change about once a year, and every deadline computation needs them. A PUT /calendar in this
 * process refreshes at once; other warm Lambdas pick it up within the TTL (the PUT itself
 * recomputes the stored deadlines).
 */
export function cachedCalendar(repository: CalendarRepository, ttlMs = 60_000) {
  let cached: { calendar: Calendar; at: number } | undefined;
  let pending: Promise<Calendar> | undefined;
  const load = async (): Promise<Calendar> => {
    const calendar = new Calendar(await repository.overrides());
    cached = { calendar, at: Date.now() };
    return calendar;
  };
  const current = (): Promise<Calendar> => {
    if (cached && Date.now() - cached.at < ttlMs) return Promise.resolve(cached.calendar);
    pending ??= load().finally(() => {
      pending = undefined;
    });
    return pending;
  };
  current.invalidate = () => {
    cached = undefined;
  };
  return current;
}

export type CalendarSource = ReturnType<typeof cachedCalendar>;
