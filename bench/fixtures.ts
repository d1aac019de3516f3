import { Calendar } from '../shared/domain/calendar';
import { recordAction, registerCase } from '../shared/domain/case-actions';
import type { CaseRecord } from '../shared/domain/cases';
import { chinaDateTime, chinaToday, systemClock } from '../shared/domain/clock';
import { confirmationDeadline, scheduleHearing } from '../shared/domain/hearings';
import { caseContributions } from '../shared/domain/statistics';
import { DynamoAgencyRepository } from '../shared/store/agency-store';
import { DynamoCaseRepository } from '../shared/store/case-store';
import { DynamoHearingRepository } from '../shared/store/hearing-store';
import { newId } from '../shared/store/ids';
import { applyContributions } from '../shared/store/stats-writer';
import type { Table } from '../shared/store/table';

/** The ids the sample events in events/ point at. */
export const SAMPLE_CASE = '01JBCD5G6QW0X8Y9Z1A2B3C4D5';
export const SAMPLE_HEARING = '01JBCE7K2M3N4P5Q6R7S8T9V0W';

const actor = { sub: 'bench', name: '基准测试' };
const calendar = new Calendar();

export interface Fixture {
  /** decided cases that accept `record-performance` any number of times */
  decided: string[];
}

/** The data the sample events need, entered through the domain and the stores as the API would. */
export async function seedSamples(table: Table): Promise<Fixture> {
  const today = chinaToday(systemClock);
  const now = { at: chinaDateTime(systemClock.now()), today };
  const agencies = new DynamoAgencyRepository(table);
  for (const id of ['market-regulation', 'public-security']) {
    await agencies.create({ id, name: `区${id}`, version: 1, createdAt: now.at, updatedAt: now.at });
  }
  const cases = new DynamoCaseRepository(table);
  const register = async (id: string, kind: 'reconsideration' | 'litigation', receivedOn: string, steps: Parameters<typeof recordAction>[1][] = []) => {
    let { record, history } = registerCase(
      id,
      kind === 'reconsideration'
        ? { kind, caseNumber: `潞复〔2025〕${id.slice(-6)}号`, agencyId: 'market-regulation', receivedOn, parties: [{ role: 'applicant', name: '张三' }] }
        : { kind, caseNumber: `(2025)晋0403行初${id.slice(-6)}号`, agencyId: 'market-regulation', receivedOn, parties: [{ role: 'plaintiff', name: '某公司' }] },
      actor,
      now,
      calendar,
    );
    await cases.create(record, history, undefined);
    for (const step of steps) {
      const previous: CaseRecord = record;
      ({ record, history } = recordAction(previous, step, actor, now, calendar));
      await cases.update(record, previous, history, undefined);
    }
    await applyContributions(table, { eventId: `seed-${id}`, sequenceNumber: '0' }, caseContributions(record));
    return record;
  };
  await register(SAMPLE_CASE, 'reconsideration', '2025-03-03', [{ type: 'accept', on: '2025-03-04' }]);
  const litigation = await register(newId(), 'litigation', '2025-02-20');
  const hearing = scheduleHearing(SAMPLE_HEARING, litigation, { scheduledAt: '2030-03-14T09:30:00+08:00', court: '潞州区人民法院', kind: 'court' }, actor, now.at);
  await new DynamoHearingRepository(table).save(hearing, undefined, confirmationDeadline(hearing.hearing, calendar, today, 3));
  const decided: string[] = [];
  for (let i = 0; i < 40; i++) {
    const record = await register(newId(), 'reconsideration', '2025-05-06', [
      { type: 'accept', on: '2025-05-07' },
      { type: 'decide', on: '2025-06-20', outcome: i % 2 ? 'revoke' : 'uphold' },
    ]);
    decided.push(record.id);
  }
  return { decided };
}
