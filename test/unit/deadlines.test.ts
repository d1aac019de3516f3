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
    expect(resumed.explanation).toContain('中止期间2024-04-01至2024-04-15：自中止次日2024-04-02起至恢复之日2024-04-15止（含首尾两日）共14日不计入审理期限');
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

describe('cases under the 2017 text (行政复议法（2017）第十七条第二款: accepted on receipt)', () => {
  // Received Thursday 2023-12-28; the acceptance written on 2024-01-03, within the review period.
  const late: ActionInput[] = [{ type: 'accept', on: '2024-01-03' }];

  it('an application received 2023-12-28 and accepted 2024-01-03 was accepted on 2023-12-28 (2017 text 第十七条第二款)', () => {
    const folded = replay({ kind: 'reconsideration', caseNumber: 'x', agencyId: 'a', receivedOn: '2023-12-28', parties: [] }, late, { today: '2024-01-03', calendar });
    expect(folded.facts).toMatchObject({ acceptedOn: '2023-12-28', deemedAccepted: false, law: 'reconsideration-law-2017' });
  });

  it('its decision period runs from receipt: 60 days from 2023-12-28 end on Monday 2024-02-26 (2017 text 第十七条第二款、第三十一条)', () => {
    const decision = find(deadlinesOf({ receivedOn: '2023-12-28' }, late, '2024-01-03'), 'decision#1');
    expect(decision).toMatchObject({ startsOn: '2023-12-28', dueOn: '2024-02-26' });
  });

  it('its decision period says why it runs from receipt, citing the 2017 text (第十七条第二款)', () => {
    const decision = find(deadlinesOf({ receivedOn: '2023-12-28' }, late, '2024-01-03'), 'decision#1');
    expect(decision.explanation[1]).toBe('申请未被决定不予受理，依照行政复议法（2017）第十七条第二款，自收到申请之日2023-12-28起即为受理（受理记录的日期2024-01-03不影响受理之日）');
  });

  it('a lapsed review explains the acceptance on receipt by the 2017 text, not 第三十条第三款 (2017 text 第十七条第二款)', () => {
    const review = find(deadlinesOf({ receivedOn: '2023-10-09' }, [], '2023-12-01'), 'acceptance-review#1');
    expect(review.explanation.at(-1)).toBe('期限届满未作出不予受理决定，依照行政复议法（2017）第十七条第二款，自收到申请之日2023-10-09起即为受理');
    expect(review.explanation.join()).not.toContain('第三十条第三款');
  });
});

describe('a lapsed decision period stays lapsed (行政复议法第六十二条)', () => {
  // Received Wednesday 2024-02-28, accepted Friday 2024-03-01: 60 days end on Tuesday 2024-04-30.
  const received: Partial<CaseRegistration> = { receivedOn: '2024-02-28' };
  const accepted: ActionInput[] = [{ type: 'accept', on: '2024-03-01' }];
  const lateSuspension: ActionInput[] = [...accepted, { type: 'suspend', on: '2024-05-06', reason: 'awaiting-other-case' }, { type: 'resume', on: '2024-05-20' }];

  it('a suspension from 2024-05-06 to 2024-05-20 leaves a period due 2024-04-30 due 2024-04-30, overdue (第六十二条)', () => {
    expect(find(deadlinesOf(received, lateSuspension, '2024-05-20'), 'decision#1')).toMatchObject({ dueOn: '2024-04-30', status: 'overdue' });
  });

  it('says the suspension came after the period ran out (第六十二条)', () => {
    expect(find(deadlinesOf(received, lateSuspension, '2024-05-20'), 'decision#1').explanation).toContain('2024-05-06中止时期限已于2024-04-30届满，中止不影响已届满的期限');
  });

  it('a suspension still open after the lapse does not pause the period (第六十二条)', () => {
    const open: ActionInput[] = [...accepted, { type: 'suspend', on: '2024-05-06', reason: 'awaiting-other-case' }];
    expect(find(deadlinesOf(received, open, '2024-05-10'), 'decision#1')).toMatchObject({ dueOn: '2024-04-30', status: 'overdue' });
  });

  it('a decision on the day the case resumed, 2024-05-20, is late (第六十二条)', () => {
    const decided: ActionInput[] = [...lateSuspension, { type: 'decide', on: '2024-05-20', outcome: 'uphold' }];
    expect(find(deadlinesOf(received, decided, '2024-05-20'), 'decision#1')).toMatchObject({ status: 'met', late: true });
  });

  it('a due date never falls inside a suspension: suspended on the moved last day 2024-05-06, resumed 2024-05-10, due 2024-05-10 (第六十二条)', () => {
    // Accepted 2024-03-06: 60 days end on Sunday 2024-05-05 (Labour Day), moved to Monday 2024-05-06.
    const steps: ActionInput[] = [
      { type: 'accept', on: '2024-03-06' },
      { type: 'suspend', on: '2024-05-06', reason: 'awaiting-other-case' },
      { type: 'resume', on: '2024-05-10' },
    ];
    expect(find(deadlinesOf({}, steps, '2024-05-10'), 'decision#1')).toMatchObject({ dueOn: '2024-05-10', status: 'open' });
  });

  it('an extension stored with a date after the lapse does not move the due date (第六十二条)', () => {
    const steps: ActionInput[] = [...accepted, { type: 'extend', on: '2024-05-06', approvedBy: '主任' }];
    // As a stored case is read: its steps are not checked again (recordingFrom = all of them).
    const decision = replay(
      { kind: 'reconsideration', caseNumber: 'x', agencyId: 'a', receivedOn: '2024-02-28', parties: [] },
      steps,
      { today: '2024-05-06', calendar },
      steps.length,
    ).deadlines.find((d) => d.key === 'decision#1');
    expect(decision).toMatchObject({ dueOn: '2024-04-30', status: 'overdue' });
  });
});

describe('the reply period runs from the respondent\'s receipt (行政复议法第四十八条)', () => {
  const accepted: ActionInput = { type: 'accept', on: '2024-03-06' };

  it('a copy sent 2024-03-15 and received 2024-03-18 is answered by 2024-04-01 (第四十八条)', () => {
    const reply = find(deadlinesOf({}, [accepted, { type: 'send-copy', on: '2024-03-15', servedOn: '2024-03-18' }], '2024-03-18'), 'respondent-reply#1');
    expect(reply).toMatchObject({ startsOn: '2024-03-18', dueOn: '2024-04-01' });
  });

  it('says it runs from the respondent\'s receipt (第四十八条)', () => {
    const reply = find(deadlinesOf({}, [accepted, { type: 'send-copy', on: '2024-03-15', servedOn: '2024-03-18' }], '2024-03-18'), 'respondent-reply#1');
    expect(reply.explanation[1]).toBe('被申请人于2024-03-18收到申请书副本，答复期限自收到之日起计算（行政复议法第四十八条）');
  });

  it('without the receipt it runs from the sending, 2024-03-15 → 2024-03-29, and says so (第四十八条)', () => {
    const reply = find(deadlinesOf({}, [accepted, { type: 'send-copy', on: '2024-03-15' }], '2024-03-15'), 'respondent-reply#1');
    expect(reply).toMatchObject({ startsOn: '2024-03-15', dueOn: '2024-03-29' });
    expect(reply.explanation[1]).toBe('被申请人收到申请书副本的日期未记录，答复期限自副本发送之日2024-03-15起计算');
  });
});

describe('the applicant\'s correction period (行政复议法第三十一条第二款、第八十八条第二款)', () => {
  // Received Monday 2024-03-04; the notice sent Tuesday 2024-03-05.
  it('runs 10 working days from the applicant\'s receipt: served 2024-03-07 → 2024-03-21 (第三十一条第二款)', () => {
    const steps: ActionInput[] = [{ type: 'request-correction', on: '2024-03-05', servedOn: '2024-03-07' }];
    expect(find(deadlinesOf({}, steps, '2024-03-07'), 'correction-submission#1')).toMatchObject({ startsOn: '2024-03-07', dueOn: '2024-03-21', unit: 'working-days', length: 10 });
  });

  it('runs from the notice when its receipt is not recorded: 2024-03-05 → 2024-03-19 (第三十一条第二款)', () => {
    const steps: ActionInput[] = [{ type: 'request-correction', on: '2024-03-05' }];
    expect(find(deadlinesOf({}, steps, '2024-03-05'), 'correction-submission#1')).toMatchObject({ startsOn: '2024-03-05', dueOn: '2024-03-19' });
  });

  it('is met by the correction received (第三十一条第二款)', () => {
    const steps: ActionInput[] = [{ type: 'request-correction', on: '2024-03-05', servedOn: '2024-03-07' }, { type: 'receive-correction', on: '2024-03-20' }];
    expect(find(deadlinesOf({}, steps, '2024-03-20'), 'correction-submission#1')).toMatchObject({ status: 'met', metOn: '2024-03-20', late: false });
  });

  describe('lengthened by the office (第三十一条第二款: 有正当理由不能按期补正的，可以延长合理的补正期限)', () => {
    // Served 2024-03-07: the ten working days end on 2024-03-21.
    const served: ActionInput = { type: 'request-correction', on: '2024-03-05', servedOn: '2024-03-07' };
    const extended: ActionInput[] = [served, { type: 'extend-correction', on: '2024-03-20', until: '2024-04-08', reason: '申请人在外地就医' }];

    it('ends on `until`, 2024-04-08, and says who lengthened it, when, and under which article', () => {
      const deadline = find(deadlinesOf({}, extended, '2024-03-20'), 'correction-submission#1');
      expect(deadline).toMatchObject({ startsOn: '2024-03-07', dueOn: '2024-04-08', status: 'open', provisional: false });
      expect(deadline.explanation.at(-1)).toBe('行政复议机关于2024-03-20决定延长补正期限至2024-04-08（行政复议法第三十一条第二款）');
    });

    it('is no longer overdue on 2024-03-25, after the ten days (the clerk\'s false alarm)', () => {
      expect(find(deadlinesOf({}, [served], '2024-03-25'), 'correction-submission#1').status).toBe('overdue');
      expect(find(deadlinesOf({}, extended, '2024-03-25'), 'correction-submission#1').status).toBe('open');
    });

    it('is met in time by a correction received 2024-04-01, within the lengthened period', () => {
      const steps: ActionInput[] = [...extended, { type: 'receive-correction', on: '2024-04-01' }];
      expect(find(deadlinesOf({}, steps, '2024-04-01'), 'correction-submission#1')).toMatchObject({ dueOn: '2024-04-08', status: 'met', late: false });
    });

    it('a second extension moves it again, each line in the explanation', () => {
      const steps: ActionInput[] = [...extended, { type: 'extend-correction', on: '2024-04-03', until: '2024-04-19', reason: '仍在就医' }];
      const deadline = find(deadlinesOf({}, steps, '2024-04-03'), 'correction-submission#1');
      expect(deadline.dueOn).toBe('2024-04-19');
      expect(deadline.explanation.slice(-2)).toEqual([
        '行政复议机关于2024-03-20决定延长补正期限至2024-04-08（行政复议法第三十一条第二款）',
        '行政复议机关于2024-04-03决定延长补正期限至2024-04-19（行政复议法第三十一条第二款）',
      ]);
    });

    it('an extension stored with a date after the lapse does not move the due date', () => {
      const steps: ActionInput[] = [served, { type: 'extend-correction', on: '2024-03-22', until: '2024-04-08', reason: '正当理由' }];
      // As a stored case is read: its steps are not checked again (recordingFrom = all of them).
      const registration: CaseRegistration = { kind: 'reconsideration', caseNumber: 'x', agencyId: 'a', receivedOn: '2024-03-04', parties: [] };
      const deadline = find(replay(registration, steps, { today: '2024-03-25', calendar }, steps.length).deadlines, 'correction-submission#1');
      expect(deadline).toMatchObject({ dueOn: '2024-03-21', status: 'overdue' });
      expect(deadline.explanation.at(-1)).toBe('2024-03-22决定的延长补正期限不予计入：补正期限已于2024-03-21届满或延长后的期限不晚于2024-03-21');
    });
  });
});

describe('only appealable rulings open an appeal period (行诉解释第一百零一条第二款)', () => {
  const litigation: Partial<CaseRegistration> = { kind: 'litigation', receivedOn: '2025-01-13' };
  const ruling = (rulingType?: 'not-filed' | 'suit-dismissed' | 'jurisdiction' | 'withdrawal' | 'other'): ActionInput[] => [
    { type: 'judge', on: '2025-03-10', servedOn: '2025-03-12', form: 'ruling', instance: 'first', outcome: 'suit-dismissed', ...(rulingType ? { rulingType } : {}) },
  ];
  const appeals = (steps: ActionInput[]) => deadlinesOf(litigation, steps, '2025-03-12').filter((d) => d.type === 'appeal');

  it('a 驳回起诉 ruling served 2025-03-12 may be appealed until 2025-03-24 (第一百零一条第二款)', () => {
    const [appeal] = appeals(ruling('suit-dismissed'));
    expect(appeal).toMatchObject({ dueOn: '2025-03-24', length: 10, basis: '行政诉讼法第八十五条、最高人民法院关于适用行政诉讼法的解释第一百零一条第二款' });
  });

  it('a 不予立案 ruling and a 管辖异议 ruling open one too (第一百零一条第二款)', () => {
    expect(appeals(ruling('not-filed'))).toHaveLength(1);
    expect(appeals(ruling('jurisdiction'))).toHaveLength(1);
  });

  it('a 准予撤诉 ruling opens none (第一百零一条第二款)', () => {
    expect(appeals(ruling('withdrawal'))).toEqual([]);
  });

  it('an other ruling opens none (第一百零一条第二款)', () => {
    expect(appeals(ruling('other'))).toEqual([]);
  });

  it('a ruling recorded without its type keeps the 10-day period, and says why (第一百零一条第二款)', () => {
    const [appeal] = appeals(ruling());
    expect(appeal).toMatchObject({ dueOn: '2025-03-24', length: 10 });
    expect(appeal?.explanation[1]).toBe('裁定类型未记录，按可以上诉的裁定（不予立案、驳回起诉、管辖异议）计算上诉期限');
  });
});

describe('litigation counts its periods by its own rule (行诉解释第四十八条)', () => {
  it('the defense period cites 行诉解释第四十八条 for counting and the roll-forward, not the 民事诉讼法', () => {
    // 15 days from 2025-01-13 end on 2025-01-28, 除夕 of the Spring Festival holiday.
    const defense = find(deadlinesOf({ kind: 'litigation', receivedOn: '2025-01-13' }, [], '2025-01-14'), 'defense#1');
    expect(defense.explanation[1]).toBe('自2025-01-13的次日起计算15日，起算日不计入（行诉解释第四十八条），第15日为2025-01-28');
    expect(defense.explanation.join()).toContain('顺延至其后的第一个工作日2025-02-05（行诉解释第四十八条）');
    expect(defense.explanation.join()).not.toContain('民事诉讼法');
  });
});
