import { describe, expect, it } from 'vitest';
import { Calendar } from '../../shared/domain/calendar';
import { replay } from '../../shared/domain/case-actions';
import type { ActionInput, CaseRegistration } from '../../shared/domain/cases';
import type { Deadline } from '../../shared/domain/deadlines';

const calendar = new Calendar();

function deadlinesOf(registration: Partial<CaseRegistration>, steps: ActionInput[], today: string): Deadline[] {
  const base: CaseRegistration = {
    kind: 'reconsideration',
    caseNumber: '潞复〔2024〕1号',
    agencyId: 'market-regulation',
    receivedOn: '2024-03-04',
    parties: [{ role: 'applicant', name: '张三' }],
  };
  return replay({ ...base, ...registration } as CaseRegistration, steps, { today, calendar }).deadlines;
}

const find = (deadlines: Deadline[], key: string) => {
  const found = deadlines.find((d) => d.key === key);
  if (!found) throw new Error(`no ${key} in ${deadlines.map((d) => d.key).join(', ')}`);
  return found;
};

describe('reconsideration under the 2023 text', () => {
  it('acceptance review: received 2024-09-27 → 2024-10-10 (5 working days, 复议法第三十条)', () => {
    const review = find(deadlinesOf({ receivedOn: '2024-09-27' }, [], '2024-09-30'), 'acceptance-review#1');
    expect(review).toMatchObject({ dueOn: '2024-10-10', unit: 'working-days', length: 5, status: 'open', provisional: false });
    expect(review.basis).toContain('第三十条');
  });

  it('acceptance review restarts from the correction (复议法第三十一条)', () => {
    const deadlines = deadlinesOf(
      { receivedOn: '2024-09-27' },
      [
        { type: 'request-correction', on: '2024-09-30' },
        { type: 'receive-correction', on: '2024-10-09' },
      ],
      '2024-10-09',
    );
    expect(find(deadlines, 'acceptance-review#1')).toMatchObject({ status: 'met', metOn: '2024-09-30', late: false });
    // 2024-10-12 is a make-up Saturday.
    expect(find(deadlines, 'acceptance-review#2')).toMatchObject({ startsOn: '2024-10-09', dueOn: '2024-10-15', status: 'open' });
  });

  it('a lapsed review is deemed acceptance on its last day, and the periods run from it', () => {
    const facts = replay(
      { kind: 'reconsideration', caseNumber: 'x', agencyId: 'a', receivedOn: '2024-09-27', parties: [] },
      [],
      { today: '2024-10-11', calendar },
    );
    expect(facts.facts).toMatchObject({ status: 'accepted', acceptedOn: '2024-10-10', deemedAccepted: true });
    expect(find(facts.deadlines, 'acceptance-review#1')).toMatchObject({ status: 'met', metOn: '2024-10-10' });
    expect(find(facts.deadlines, 'acceptance-review#1').explanation.join()).toContain('视为受理');
    // 7 working days from 2024-10-10, counting the make-up Saturday 2024-10-12.
    expect(find(facts.deadlines, 'copy-to-respondent#1').dueOn).toBe('2024-10-18');
    expect(find(facts.deadlines, 'decision#1').dueOn).toBe('2024-12-09');
  });

  it('copy 7 working days, reply 10 working days, decision 60 days (accepted 2024-03-06 → 2024-05-06)', () => {
    const deadlines = deadlinesOf({}, [{ type: 'accept', on: '2024-03-06' }, { type: 'send-copy', on: '2024-03-15' }], '2024-03-15');
    expect(find(deadlines, 'copy-to-respondent#1')).toMatchObject({ dueOn: '2024-03-15', status: 'met', late: false });
    expect(find(deadlines, 'respondent-reply#1')).toMatchObject({ dueOn: '2024-03-29', unit: 'working-days', length: 10 });
    expect(find(deadlines, 'decision#1')).toMatchObject({ dueOn: '2024-05-06', unit: 'calendar-days', length: 60 });
    expect(find(deadlines, 'decision#1').explanation.join()).toContain('顺延至其后的第一个工作日2024-05-06');
  });

  it('the simple procedure: copy 3, reply 5 working days, decision 30 days (复议法第五十四条、第六十二条)', () => {
    const deadlines = deadlinesOf({}, [{ type: 'accept', on: '2024-03-06', procedure: 'simple' }, { type: 'send-copy', on: '2024-03-08' }], '2024-03-08');
    expect(find(deadlines, 'copy-to-respondent#1')).toMatchObject({ dueOn: '2024-03-11', length: 3 });
    expect(find(deadlines, 'respondent-reply#1')).toMatchObject({ dueOn: '2024-03-15', length: 5 });
    // 30 days end on 2024-04-05, Qingming; the next working day is the make-up Sunday 2024-04-07.
    expect(find(deadlines, 'decision#1')).toMatchObject({ dueOn: '2024-04-07', length: 30 });
    expect(find(deadlines, 'decision#1').basis).toContain('第六十二条第二款');
  });

  it('conversion to the ordinary procedure gives the decision its 60 days', () => {
    const deadlines = deadlinesOf({}, [{ type: 'accept', on: '2024-03-06', procedure: 'simple' }, { type: 'convert-to-ordinary', on: '2024-03-20' }], '2024-03-20');
    expect(find(deadlines, 'decision#1')).toMatchObject({ dueOn: '2024-05-06', length: 60 });
  });

  it('suspension pauses the decision period and adds the suspended days back on resumption', () => {
    const accepted: ActionInput[] = [{ type: 'accept', on: '2024-03-06' }, { type: 'suspend', on: '2024-04-01', reason: 'awaiting-other-case' }];
    const paused = find(deadlinesOf({}, accepted, '2024-04-10'), 'decision#1');
    expect(paused).toMatchObject({ status: 'paused', dueOn: null });
    const resumed = find(deadlinesOf({}, [...accepted, { type: 'resume', on: '2024-04-15' }], '2024-04-15'), 'decision#1');
    // 60 + 14 days from 2024-03-06 is Sunday 2024-05-19, moved to Monday.
    expect(resumed).toMatchObject({ status: 'open', dueOn: '2024-05-20' });
    expect(resumed.explanation.join()).toContain('中止期间2024-04-01至2024-04-15共14日不计入审理期限');
  });

  it('an approved extension adds its days (at most 30, 复议法第六十二条)', () => {
    const deadlines = deadlinesOf({}, [{ type: 'accept', on: '2024-03-06' }, { type: 'extend', on: '2024-04-20', approvedBy: '复议机构负责人' }], '2024-04-20');
    expect(find(deadlines, 'decision#1')).toMatchObject({ dueOn: '2024-06-04' });
    const shorter = deadlinesOf({}, [{ type: 'accept', on: '2024-03-06' }, { type: 'extend', on: '2024-04-20', approvedBy: '主任', days: 10 }], '2024-04-20');
    // 70 days end on Wednesday 2024-05-15.
    expect(find(shorter, 'decision#1').dueOn).toBe('2024-05-15');
  });

  it('a decision met late says so; periods left open when the case ends are cancelled', () => {
    const deadlines = deadlinesOf({}, [{ type: 'accept', on: '2024-03-06' }, { type: 'decide', on: '2024-05-08', outcome: 'uphold' }], '2024-06-01');
    expect(find(deadlines, 'decision#1')).toMatchObject({ status: 'met', metOn: '2024-05-08', late: true });
    expect(find(deadlines, 'copy-to-respondent#1')).toMatchObject({ status: 'cancelled' });
  });

  it('an open period past its last day (China date) is overdue', () => {
    expect(find(deadlinesOf({}, [{ type: 'accept', on: '2024-03-06' }], '2024-03-16'), 'copy-to-respondent#1').status).toBe('overdue');
    expect(find(deadlinesOf({}, [{ type: 'accept', on: '2024-03-06' }], '2024-03-15'), 'copy-to-respondent#1').status).toBe('open');
  });
});

describe('the 2017 text for applications received before 2024-01-01', () => {
  it('counts the ten-day reply in calendar days', () => {
    const steps: ActionInput[] = [{ type: 'accept', on: '2023-10-10' }, { type: 'send-copy', on: '2023-10-12' }];
    const old = find(deadlinesOf({ receivedOn: '2023-10-09' }, steps, '2023-10-12'), 'respondent-reply#1');
    // 2023-10-22 is a Sunday.
    expect(old).toMatchObject({ unit: 'calendar-days', dueOn: '2023-10-23', law: 'reconsideration-law-2017' });
    expect(old.basis).toContain('2017');
  });

  it('switches on 2024-01-01', () => {
    const before = find(deadlinesOf({ receivedOn: '2023-12-29' }, [{ type: 'accept', on: '2024-01-02' }, { type: 'send-copy', on: '2024-01-03' }], '2024-01-03'), 'respondent-reply#1');
    const after = find(deadlinesOf({ receivedOn: '2024-01-02' }, [{ type: 'accept', on: '2024-01-02' }, { type: 'send-copy', on: '2024-01-03' }], '2024-01-03'), 'respondent-reply#1');
    expect(before).toMatchObject({ unit: 'calendar-days', dueOn: '2024-01-15' });
    expect(after).toMatchObject({ unit: 'working-days', dueOn: '2024-01-17' });
  });

  it('deems the application accepted on receipt when the review lapses', () => {
    const folded = replay({ kind: 'reconsideration', caseNumber: 'x', agencyId: 'a', receivedOn: '2023-10-09', parties: [] }, [], { today: '2023-12-01', calendar });
    expect(folded.facts).toMatchObject({ acceptedOn: '2023-10-09', deemedAccepted: true });
    // 60 days from receipt: 2023-12-08, a Friday.
    expect(find(folded.deadlines, 'decision#1').dueOn).toBe('2023-12-08');
  });
});

describe('litigation', () => {
  const litigation: Partial<CaseRegistration> = { kind: 'litigation', receivedOn: '2025-01-13' };

  it('defense: complaint copy served 2025-01-13 → 2025-02-05 (行政诉讼法第六十七条, past Spring Festival)', () => {
    const defense = find(deadlinesOf(litigation, [], '2025-01-14'), 'defense#1');
    expect(defense).toMatchObject({ dueOn: '2025-02-05', length: 15, unit: 'calendar-days' });
    expect(defense.basis).toBe('行政诉讼法第六十七条第一款');
  });

  it('appeal: 15 days from a judgment served, 10 from a ruling (行政诉讼法第八十五条)', () => {
    const judged = (form: 'judgment' | 'ruling') =>
      find(deadlinesOf(litigation, [{ type: 'judge', on: '2025-03-10', servedOn: '2025-03-12', form, instance: 'first', outcome: 'revoke' }], '2025-03-12'), 'appeal#1');
    expect(judged('judgment')).toMatchObject({ dueOn: '2025-03-27', length: 15 });
    expect(judged('ruling')).toMatchObject({ dueOn: '2025-03-24', length: 10 });
  });

  it('a second-instance judgment starts no appeal period', () => {
    const deadlines = deadlinesOf(
      litigation,
      [
        { type: 'judge', on: '2025-03-10', servedOn: '2025-03-12', form: 'judgment', instance: 'first', outcome: 'revoke' },
        { type: 'appeal', on: '2025-03-20', by: 'agency' },
        { type: 'judge', on: '2025-06-10', servedOn: '2025-06-12', form: 'judgment', instance: 'second', outcome: 'revoke' },
      ],
      '2025-06-12',
    );
    expect(deadlines.filter((d) => d.type === 'appeal').map((d) => [d.key, d.status])).toEqual([['appeal#1', 'met']]);
  });

  it('judicial suggestion reply: 60 days by default, or the period the court set', () => {
    const received: ActionInput = { type: 'receive-judicial-suggestion', on: '2025-06-03' };
    expect(find(deadlinesOf(litigation, [received], '2025-06-03'), 'judicial-suggestion-reply#1')).toMatchObject({ dueOn: '2025-08-04' });
    const fixed = find(deadlinesOf(litigation, [{ ...received, replyDueOn: '2025-07-15' }], '2025-06-03'), 'judicial-suggestion-reply#1');
    expect(fixed.dueOn).toBe('2025-07-15');
  });

  it('a suggestion still needs its reply after the case concluded', () => {
    const deadlines = deadlinesOf(litigation, [{ type: 'conclude', on: '2025-05-01', outcome: 'withdrawn' }, { type: 'receive-judicial-suggestion', on: '2025-06-03' }], '2025-09-01');
    expect(find(deadlines, 'judicial-suggestion-reply#1').status).toBe('overdue');
    expect(find(deadlines, 'defense#1').status).toBe('cancelled');
  });
});

describe('provisional results', () => {
  it('a period reaching into a year without a schedule is provisional until the year is loaded', () => {
    const steps: ActionInput[] = [{ type: 'accept', on: '2026-12-01' }];
    const provisional = find(deadlinesOf({ receivedOn: '2026-11-30' }, steps, '2026-12-01'), 'decision#1');
    // 60 days end on Saturday 2027-01-30: Monday 2027-02-01, counted with weekends only.
    expect(provisional).toMatchObject({ dueOn: '2027-02-01', provisional: true });
    const loaded = new Calendar([{ year: 2027, holidays: ['2027-02-01'], workdays: [] }]);
    const corrected = replay(
      { kind: 'reconsideration', caseNumber: 'x', agencyId: 'a', receivedOn: '2026-11-30', parties: [] },
      steps,
      { today: '2026-12-01', calendar: loaded },
    ).deadlines.find((d) => d.key === 'decision#1');
    expect(corrected).toMatchObject({ dueOn: '2027-02-02', provisional: false });
  });
});
