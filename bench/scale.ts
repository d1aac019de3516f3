import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Calendar } from '../shared/domain/calendar';
import { recordAction, registerCase } from '../shared/domain/case-actions';
import type { ActionInput, CaseRecord } from '../shared/domain/cases';
import { fixedClock } from '../shared/domain/clock';
import { addDays } from '../shared/domain/dates';
import { caseContributions, type Contribution } from '../shared/domain/statistics';
import { createApp } from '../shared/http/app';
import { statisticsRoutes } from '../shared/http/routes/statistics';
import { runSweep } from '../shared/jobs/sweep';
import { sweepDeps } from '../shared/jobs/sweep-deps';
import { DynamoAgencyRepository } from '../shared/store/agency-store';
import { caseItem } from '../shared/store/case-store';
import { Logger } from '../shared/log/logger';
import { deadlinePut, isIndexed } from '../shared/store/deadline-items';
import { readCounter } from '../shared/store/table';
import { DynamoReportRepository } from '../shared/store/report-store';
import { DynamoStatisticsStore } from '../shared/store/stats-store';
import { counterItems } from '../shared/store/stats-writer';
import type { Table } from '../shared/store/table';
import { median, round } from './stats';

const calendar = new Calendar();
const actor = { sub: 'bench', name: '基准测试' };
const agencies = Array.from({ length: 12 }, (_, i) => `agency-${String(i + 1).padStart(2, '0')}`);

async function batchWrite(doc: DynamoDBDocumentClient, tableName: string, items: Record<string, unknown>[]): Promise<void> {
  const chunks: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) chunks.push(items.slice(i, i + 25));
  let next = 0;
  const worker = async () => {
    while (next < chunks.length) {
      let requests = chunks[next++]!.map((Item) => ({ PutRequest: { Item } }));
      while (requests.length > 0) {
        const result = await doc.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
        requests = (result.UnprocessedItems?.[tableName] ?? []) as typeof requests;
      }
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
}

/** A year of cases built by the domain, as registrations and steps would make them. */
function yearOfCases(count: number, year: number): CaseRecord[] {
  const records: CaseRecord[] = [];
  const now = { at: `${year + 1}-01-20T10:00:00+08:00`, today: `${year + 1}-01-20` };
  for (let i = 0; i < count; i++) {
    const receivedOn = addDays(`${year}-01-02`, Math.floor((i * 360) / count));
    const kind = i % 3 === 0 ? 'litigation' : 'reconsideration';
    const id = `01BENCH${String(i).padStart(19, '0')}`;
    let { record } = registerCase(
      id,
      { kind, caseNumber: `B${year}-${i}`, agencyId: agencies[i % agencies.length]!, receivedOn, parties: [{ role: kind === 'reconsideration' ? 'applicant' : 'plaintiff', name: '张三' }] },
      actor,
      now,
      calendar,
    );
    const steps: ActionInput[] =
      kind === 'reconsideration'
        ? [{ type: 'accept', on: addDays(receivedOn, 1) }, ...(i % 4 ? [{ type: 'decide' as const, on: addDays(receivedOn, 40), outcome: i % 5 ? ('uphold' as const) : ('revoke' as const) }] : [])]
        : [{ type: 'file-defense', on: addDays(receivedOn, 5) }, ...(i % 4 ? [{ type: 'conclude' as const, on: addDays(receivedOn, 60), outcome: 'claims-dismissed' as const }] : [])];
    for (const step of steps) {
      if (step.on > now.today) break;
      record = recordAction(record, step, actor, now, calendar).record;
    }
    records.push(record);
  }
  return records;
}

/**
 * Seeds a year through the domain and the aggregator's own contributions, in bulk: case items
 * as the store writes them, by BatchWriteItem, and the counters the aggregator would reach after
 * reading those inserts from the stream (the same contributions, summed; the table is new, so
 * the sums are the counters).
 */
async function seedYear(table: Table, count: number): Promise<void> {
  const records = yearOfCases(count, 2025);
  await batchWrite(table.doc, table.name, records.map((r) => caseItem(r)));
  const contributions: Contribution[] = records.flatMap((r) => caseContributions(r));
  await batchWrite(
    table.doc,
    table.name,
    counterItems(contributions).map(({ pk, sk, counters }) => ({ pk, sk, entity: 'stats', ...Object.fromEntries(counters) })),
  );
  const agencyRepo = new DynamoAgencyRepository(table);
  for (const id of agencies) await agencyRepo.create({ id, name: id, version: 1, createdAt: '2025-01-01T00:00:00+08:00', updatedAt: '2025-01-01T00:00:00+08:00' });
}

/** The same statistics request on a year of 1,000 and of 100,000 cases: items read and time. */
export async function measureStatisticsScale(tables: [Table, Table], counts: [number, number], requests = 30) {
  const medianMs: number[] = [];
  const itemsRead: number[] = [];
  for (const [i, table] of tables.entries()) {
    await seedYear(table, counts[i]!);
    const app = createApp({
      routes: statisticsRoutes,
      deps: { statistics: new DynamoStatisticsStore(table), agencies: new DynamoAgencyRepository(table), reports: new DynamoReportRepository(table), clock: fixedClock('2026-01-20T02:00:00Z') },
      identify: () => ({ sub: 'bench', name: 'bench', roles: ['stats-reader'] }),
      logger: new Logger({}, 'WARN'),
    });
    // A window that starts and ends mid-month: years, months and days are all read.
    const path = '/statistics?from=2025-02-10&to=2025-11-20';
    const times: number[] = [];
    for (let r = 0; r < requests + 3; r++) {
      const before = readCounter.items;
      const started = performance.now();
      const res = await app.request(path);
      const elapsed = performance.now() - started;
      if (res.status !== 200) throw new Error(`statistics: ${res.status}`);
      await res.text();
      if (r >= 3) times.push(elapsed);
      if (r === 3) itemsRead.push(readCounter.items - before);
    }
    medianMs.push(round(median(times)));
  }
  return { cases: counts, medianMs, itemsRead, ratio: round(medianMs[1]! / medianMs[0]!) };
}

/** The daily sweep over 10,000 open cases of which 50 have a deadline in its window. */
export async function measureSweepScale(table: Table, cases = 10_000, due = 50) {
  const today = '2025-06-16';
  const now = { at: `${today}T08:00:00+08:00`, today };
  const items: Record<string, unknown>[] = [];
  for (let i = 0; i < cases; i++) {
    // Served 13 days ago: the defense is due within three working days; served today: in 15 days.
    const receivedOn = i < due ? addDays(today, -13) : today;
    const { record } = registerCase(
      `01SWEEP${String(i).padStart(19, '0')}`,
      { kind: 'litigation', caseNumber: `S-${i}`, agencyId: agencies[i % agencies.length]!, receivedOn, parties: [{ role: 'plaintiff', name: '某公司' }] },
      actor,
      now,
      calendar,
    );
    items.push(caseItem(record));
    for (const deadline of record.deadlines.filter(isIndexed)) {
      const put = deadlinePut(table.name, { pk: `CASE#${record.id}`, caseId: record.id, caseNumber: record.caseNumber, kind: record.kind, agencyId: record.agencyId }, deadline);
      items.push(put.Put!.Item as Record<string, unknown>);
    }
  }
  await batchWrite(table.doc, table.name, items);
  const deps = sweepDeps(table, { clock: fixedClock(`${today}T00:00:00Z`) });
  deps.log = new Logger({}, 'WARN');
  const before = readCounter.items;
  const started = performance.now();
  const report = await runSweep(deps);
  const ms = performance.now() - started;
  return { cases, due, itemsRead: readCounter.items - before, ms: round(ms, 1), raised: report.raised.length };
}
