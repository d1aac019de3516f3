import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ALL_AGENCIES, type Contribution, type InstanceHearings } from '../domain/statistics';
import { dayCounter, monthDaysSk, statsPk } from './stats-store';
import type { Table } from './table';
import { transactWrite, type TransactItem } from './transactions';

/** Stream records already applied are remembered this long (the stream keeps records 24 hours). */
const MARKER_TTL_SECONDS = 48 * 3600;
const ITEMS_PER_TRANSACTION = 90;

export type ApplyResult = 'applied' | 'duplicate' | 'stale-tracker';

/**
 * The counter items contributions touch, with their sums: for the agency and for ALL, the year
 * (Y#2024: `received`), the month (M#2024-03: `received`) and the month's days (MD#2024-03:
 * `15:received`, see stats-store.ts).
 */
export function counterItems(deltas: readonly Contribution[]): { pk: string; sk: string; counters: Map<string, number> }[] {
  const items = new Map<string, { pk: string; sk: string; counters: Map<string, number> }>();
  for (const c of deltas) {
    const month = c.date.slice(0, 7);
    const targets: [string, string][] = [
      [monthDaysSk(month), dayCounter(c.date, c.counter)],
      [`M#${month}`, c.counter],
      [`Y#${c.date.slice(0, 4)}`, c.counter],
    ];
    for (const scope of [c.agencyId, ALL_AGENCIES]) {
      const pk = statsPk(c.kind, scope);
      for (const [sk, counter] of targets) {
        const key = `${pk}|${sk}`;
        const item = items.get(key) ?? { pk, sk, counters: new Map<string, number>() };
        item.counters.set(counter, (item.counters.get(counter) ?? 0) + c.n);
        items.set(key, item);
      }
    }
  }
  return [...items.values()];
}

/** Every counter item a contribution touches, as ADD updates. */
function counterUpdates(tableName: string, deltas: readonly Contribution[]): TransactItem[] {
  // A change can cancel out in a month or year (a date moved within it): such items are left alone.
  const changed = counterItems(deltas)
    .map(({ pk, sk, counters }) => ({ pk, sk, entries: [...counters.entries()].filter(([, n]) => n !== 0) }))
    .filter(({ entries }) => entries.length > 0);
  return changed.map(({ pk, sk, entries }) => counterUpdate(tableName, { pk, sk }, entries));
}

/** Adds to counters of one counter item (created if missing). */
export function counterUpdate(tableName: string, key: { pk: string; sk: string }, entries: readonly (readonly [string, number])[]): TransactItem {
  const names: Record<string, string> = { '#entity': 'entity' };
  const values: Record<string, unknown> = { ':entity': 'stats' };
  const adds = entries.map(([counter, n], i) => {
    names[`#c${i}`] = counter;
    values[`:v${i}`] = n;
    return `#c${i} :v${i}`;
  });
  return {
    Update: {
      TableName: tableName,
      Key: key,
      UpdateExpression: `SET #entity = :entity ADD ${adds.join(', ')}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

/** The marker of part `index` of a stream record, put only if it is not there yet. */
function markerPut(TableName: string, record: { eventId: string; sequenceNumber: string }, index: number, expiresAt: number): TransactItem {
  return {
    Put: {
      TableName,
      Item: { pk: `STREAM#${record.eventId}#${index}`, sk: 'APPLIED', entity: 'stream-marker', sequenceNumber: record.sequenceNumber, expiresAt },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

export interface RecordChanges {
  record: { eventId: string; sequenceNumber: string };
  deltas: readonly Contribution[];
}

/**
 * Several stream records' counter changes in as few transactions as they fit (≤ 90 items each):
 * one marker per record — the same `STREAM#<id>#0` a record applied alone puts — and the ADDs of
 * all of them summed per counter item, so a batch of changes to cases of one agency and month is
 * one round trip instead of one per record. A record whose marker already exists was applied
 * before (a redelivery): it is set aside and the rest tried again, so each still counts exactly
 * once. A record needing more than one transaction on its own goes alone.
 */
export async function applyMany(table: Table, changes: readonly RecordChanges[]): Promise<Map<string, 'applied' | 'duplicate'>> {
  const outcome = new Map<string, 'applied' | 'duplicate'>();
  const expiresAt = Math.floor(Date.now() / 1000) + MARKER_TTL_SECONDS;
  const itemKeys = (change: RecordChanges) => counterItems(change.deltas).map(({ pk, sk }) => `${pk}|${sk}`);

  const flush = async (group: RecordChanges[]) => {
    while (group.length > 0) {
      const items = [
        ...group.map((c) => markerPut(table.name, c.record, 0, expiresAt)),
        ...counterUpdates(table.name, group.flatMap((c) => c.deltas)),
      ];
      const codes = await transactWrite(table, items);
      if (!codes) {
        for (const c of group) outcome.set(c.record.eventId, 'applied');
        return;
      }
      const seen = group.filter((_, i) => codes[i] === 'ConditionalCheckFailed');
      if (seen.length === 0) throw new Error(`statistics update refused: ${codes.join(',')}`);
      for (const c of seen) outcome.set(c.record.eventId, 'duplicate');
      group = group.filter((c) => !seen.includes(c));
    }
  };

  // The group's counter items are tracked as it grows (an upper bound: items whose changes cancel
  // out are not written), so sizing a batch of a hundred records stays linear.
  let group: RecordChanges[] = [];
  let keys = new Set<string>();
  for (const change of changes) {
    const own = itemKeys(change);
    if (1 + own.length > ITEMS_PER_TRANSACTION) {
      const alone = await applyContributions(table, change.record, change.deltas);
      outcome.set(change.record.eventId, alone === 'applied' ? 'applied' : 'duplicate');
      continue;
    }
    const grown = new Set([...keys, ...own]);
    if (group.length + 1 + grown.size > ITEMS_PER_TRANSACTION) {
      await flush(group);
      group = [];
      keys = new Set(own);
    } else {
      keys = grown;
    }
    group.push(change);
  }
  await flush(group);
  return outcome;
}

/**
 * Applies one stream record's counter changes exactly once: each transaction also puts a marker
 * keyed by the record's event id, on the condition that none exists, so a redelivered or replayed
 * record changes nothing. A record touching more items than one transaction holds is split into
 * parts with a marker each (the split is deterministic, so a redelivery meets the same markers).
 */
export async function applyContributions(
  table: Table,
  record: { eventId: string; sequenceNumber: string },
  deltas: readonly Contribution[],
  tracker?: { key: { pk: string; sk: string }; summary: InstanceHearings; expectedVersion: number | undefined },
): Promise<ApplyResult> {
  const updates = counterUpdates(table.name, deltas);
  const chunks: TransactItem[][] = [];
  for (let i = 0; i < updates.length || chunks.length === 0; i += ITEMS_PER_TRANSACTION) chunks.push(updates.slice(i, i + ITEMS_PER_TRANSACTION));
  const expiresAt = Math.floor(Date.now() / 1000) + MARKER_TTL_SECONDS;
  let result: ApplyResult = 'duplicate';
  for (const [index, chunk] of chunks.entries()) {
    const items: TransactItem[] = [markerPut(table.name, record, index, expiresAt)];
    if (tracker && index === 0) {
      items.push({
        Put: {
          TableName: table.name,
          Item: { ...tracker.key, entity: 'stats-tracker', summary: tracker.summary, version: (tracker.expectedVersion ?? 0) + 1 },
          ...(tracker.expectedVersion === undefined
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': tracker.expectedVersion } }),
        },
      });
    }
    items.push(...chunk);
    const codes = await transactWrite(table, items);
    if (!codes) {
      result = 'applied';
      continue;
    }
    if (codes[0] === 'ConditionalCheckFailed') continue;
    if (tracker && index === 0 && codes[1] === 'ConditionalCheckFailed') return 'stale-tracker';
    throw new Error(`statistics update refused: ${codes.join(',')}`);
  }
  return result;
}

export const trackerKey = (instance: string) => ({ pk: `STATSCI#${instance}`, sk: 'TRACKER' });

export async function readTracker(table: Table, instance: string): Promise<{ summary: InstanceHearings; version: number } | undefined> {
  const result = await table.run((doc, TableName) => doc.send(new GetCommand({ TableName, Key: trackerKey(instance), ConsistentRead: true })));
  return result.Item ? { summary: result.Item.summary as InstanceHearings, version: result.Item.version as number } : undefined;
}
