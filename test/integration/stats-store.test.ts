import fc from 'fast-check';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../shared/domain/dates';
import type { Contribution } from '../../shared/domain/statistics';
import { migrateDayCounters } from '../../shared/jobs/migrate-day-counters';
import { DynamoAgencyRepository } from '../../shared/store/agency-store';
import { DynamoStatisticsStore } from '../../shared/store/stats-store';
import { applyContributions } from '../../shared/store/stats-writer';
import { freshTable } from '../support/dynamo';

// The counter layout (years, months, a month's days in one item) against the plain definition:
// the prefix sum at a day is the sum of every contribution on or before it.
const days = ['2024-12-30', '2024-12-31', '2025-01-01', '2025-01-31', '2025-02-01', '2025-02-28', '2025-03-01', '2025-03-14', '2025-03-15', '2025-12-31', '2026-01-01', '2026-02-10'];
const someDay = fc.oneof(fc.constantFrom(...days), fc.integer({ min: 0, max: 500 }).map((n) => addDays('2024-12-01', n)));
const contribution = fc.record({
  kind: fc.constantFrom('reconsideration' as const, 'litigation' as const),
  agencyId: fc.constantFrom('tax', 'police'),
  date: someDay,
  counter: fc.constantFrom('received', 'concluded', 'outcome.uphold'),
  n: fc.constantFrom(1, 1, 1, -1, 2),
});

function expected(contributions: readonly Contribution[], kind: string, scope: string, date: string): Record<string, number> {
  const sums: Record<string, number> = {};
  for (const c of contributions) {
    if (c.kind !== kind || (scope !== 'ALL' && c.agencyId !== scope) || c.date > date) continue;
    sums[c.counter] = (sums[c.counter] ?? 0) + c.n;
  }
  return sums;
}

const withoutZeros = (sums: Record<string, number> | undefined) => Object.fromEntries(Object.entries(sums ?? {}).filter(([, n]) => n !== 0));

describe('statistics counters', () => {
  // Each run writes up to a few hundred counter items in transactions of 90 — the whole cost of the
  // test (a fresh table is cheap beside it). On a busy two-core machine DynamoDB Local takes ten
  // times as long, so runs are fewer and smaller than the property could afford on an idle one,
  // each checks more dates (reads are cheap), the edge days are always one of them, and the test has
  // minutes, not seconds.
  it('give at every day the sum of what happened on or before it (month and year ends, the first and the 31st)', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(contribution, { minLength: 1, maxLength: 30 }), fc.array(someDay, { minLength: 1, maxLength: 8 }), async (contributions, asked) => {
        const table = await freshTable(`stats-store-${run++}`);
        await applyContributions(table, { eventId: `e${run}`, sequenceNumber: '1' }, contributions);
        const store = new DynamoStatisticsStore(table);
        for (const kind of ['reconsideration', 'litigation'] as const) {
          for (const scope of ['ALL', 'tax']) {
            const sums = await store.prefixes(kind, scope, asked);
            for (const date of asked) expect(withoutZeros(sums.get(date)), `${kind} ${scope} ${date}`).toEqual(withoutZeros(expected(contributions, kind, scope, date)));
          }
        }
      }),
      {
        numRuns: 15,
        // Always, whatever the random runs draw: one of each kind on every edge day, asked at each.
        examples: [[days.flatMap((date, i) => [{ kind: 'reconsideration' as const, agencyId: 'tax', date, counter: 'received', n: i + 1 }, { kind: 'litigation' as const, agencyId: 'police', date, counter: 'concluded', n: 1 }]), days]],
      },
    );
  }, 240_000);
});

describe('moving per-day counter items of an earlier version into month day items', () => {
  it('moves each day once, keeps every figure, and a second run moves nothing', async () => {
    const table = await freshTable('stats-migrate');
    await new DynamoAgencyRepository(table).create({ id: 'tax', name: '税务局', version: 1, createdAt: '2025-01-01T00:00:00+08:00', updatedAt: '2025-01-01T00:00:00+08:00' });
    // What the earlier writer left: day, month and year items for the district and the agency.
    const legacy = [
      { sk: 'D#2025-03-14', received: 2, concluded: 1 },
      { sk: 'D#2025-03-31', received: 1 },
      { sk: 'D#2025-04-02', received: 1, concluded: 0 },
      { sk: 'M#2025-03', received: 3, concluded: 1 },
      { sk: 'M#2025-04', received: 1, concluded: 0 },
      { sk: 'Y#2025', received: 4, concluded: 1 },
    ];
    for (const scope of ['ALL', 'tax']) {
      for (const item of legacy) await table.doc.send(new PutCommand({ TableName: table.name, Item: { pk: `STATS#reconsideration#${scope}`, entity: 'stats', ...item } }));
    }
    // A day counted after the upgrade, already in the new layout.
    await applyContributions(table, { eventId: 'after-upgrade', sequenceNumber: '1' }, [{ kind: 'reconsideration', agencyId: 'tax', date: '2025-04-02', counter: 'received', n: 1 }]);

    expect(await migrateDayCounters(table)).toEqual({ moved: 6 });
    expect(await migrateDayCounters(table)).toEqual({ moved: 0 });

    const store = new DynamoStatisticsStore(table);
    const dates = ['2025-03-13', '2025-03-14', '2025-03-30', '2025-04-01', '2025-04-02'];
    const district = await store.prefixes('reconsideration', 'ALL', dates);
    const tax = await store.prefixes('reconsideration', 'tax', dates);
    expect(dates.map((d) => withoutZeros(district.get(d)))).toEqual([{}, { received: 2, concluded: 1 }, { received: 2, concluded: 1 }, { received: 3, concluded: 1 }, { received: 5, concluded: 1 }]);
    expect(dates.map((d) => withoutZeros(tax.get(d)))).toEqual([{}, { received: 2, concluded: 1 }, { received: 2, concluded: 1 }, { received: 3, concluded: 1 }, { received: 5, concluded: 1 }]);
    const left = await table.doc.send(
      new QueryCommand({ TableName: table.name, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :d)', ExpressionAttributeValues: { ':pk': 'STATS#reconsideration#ALL', ':d': 'D#' } }),
    );
    expect(left.Items).toEqual([]);
  });
});
