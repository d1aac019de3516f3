import { describe, expect, it } from 'vitest';
import { Calendar } from '../../shared/domain/calendar';
import { lawFor, recordAction, registerCase, replay as fold, type FoldOptions } from '../../shared/domain/case-actions';
import type { ActionInput, CaseRegistration } from '../../shared/domain/cases';
import { AppError } from '../../shared/domain/errors';
import { ActionSchema } from '../../shared/http/schemas/cases';
import { actionFields, actionInput } from '../../shared/web/forms';

const calendar = new Calendar();
const replay = (r: CaseRegistration, steps: ActionInput[], options: Omit<FoldOptions, 'calendar'>) => fold(r, steps, { ...options, calendar }).facts;
const actor = { sub: 'u1', name: '王科长' };
const now = { at: '2025-06-30T10:00:00+08:00', today: '2025-06-30' };
const reconsideration: CaseRegistration = {
  kind: 'reconsideration',
  caseNumber: '潞复〔2024〕12号',
  agencyId: 'market-regulation',
  receivedOn: '2024-09-27',
  parties: [{ role: 'applicant', name: '张三' }],
};
const litigation: CaseRegistration = { ...reconsideration, kind: 'litigation', caseNumber: '(2025)晋0403行初15号', receivedOn: '2025-01-13' };

function errorOf(run: () => unknown): AppError | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
  }
  return undefined;
}

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error.code;
  }
  return undefined;
}

describe('the law a case follows', () => {
  it('applies the 2017 text to applications received before 2024-01-01', () => {
    expect(lawFor('reconsideration', '2023-12-31')).toBe('reconsideration-law-2017');
    expect(lawFor('reconsideration', '2024-01-01')).toBe('reconsideration-law-2023');
  });

  it('refuses the simple procedure for an application under the 2017 text', () => {
    const old = { ...reconsideration, receivedOn: '2023-11-01' };
    expect(codeOf(() => replay(old, [{ type: 'accept', on: '2023-11-02', procedure: 'simple' }], { today: '2025-01-01' }))).toBe('VALIDATION_FAILED');
  });
});

describe('deemed acceptance (行政复议法第三十条第三款)', () => {
  // received 2024-09-27: the five working days end on 2024-10-10 (National Day and the make-up Sunday 2024-09-29).
  it('counts a lapsed review as acceptance from its last day', () => {
    expect(replay(reconsideration, [], { today: '2024-10-11' })).toMatchObject({
      status: 'accepted',
      acceptedOn: '2024-10-10',
      deemedAccepted: true,
    });
  });

  it('is not applied while the last day has not passed', () => {
    expect(replay(reconsideration, [], { today: '2024-10-10' }).status).toBe('received');
  });

  it('lets an acceptance dated within the period, entered later, replace it', () => {
    expect(replay(reconsideration, [{ type: 'accept', on: '2024-10-09' }], { today: '2025-01-01' })).toMatchObject({
      acceptedOn: '2024-10-09',
      deemedAccepted: false,
    });
  });

  it('refuses an acceptance or rejection dated after it with REVIEW_PERIOD_LAPSED', () => {
    expect(codeOf(() => replay(reconsideration, [{ type: 'accept', on: '2024-10-11' }], { today: '2025-01-01' }))).toBe('REVIEW_PERIOD_LAPSED');
    expect(codeOf(() => replay(reconsideration, [{ type: 'reject', on: '2024-10-12', reason: 'out-of-time' }], { today: '2025-01-01' }))).toBe('REVIEW_PERIOD_LAPSED');
  });

  it('under the 2017 text counts the application as accepted on receipt', () => {
    const old = { ...reconsideration, receivedOn: '2023-10-09' };
    expect(replay(old, [], { today: '2024-01-01' })).toMatchObject({ acceptedOn: '2023-10-09', deemedAccepted: true });
  });
});

describe('steps', () => {
  it('sends the copy once and takes the reply only after it', () => {
    const accepted: ActionInput[] = [{ type: 'accept', on: '2024-09-30' }];
    expect(codeOf(() => replay(reconsideration, [...accepted, { type: 'receive-reply', on: '2024-10-01' }], { today: '2025-01-01' }))).toBe('ILLEGAL_TRANSITION');
    expect(
      codeOf(() =>
        replay(reconsideration, [...accepted, { type: 'send-copy', on: '2024-10-01' }, { type: 'send-copy', on: '2024-10-02' }], { today: '2025-01-01' }),
      ),
    ).toBe('ILLEGAL_TRANSITION');
  });

  it('extends the decision period once, in the ordinary procedure only', () => {
    const simple: ActionInput[] = [{ type: 'accept', on: '2024-09-30', procedure: 'simple' }];
    expect(codeOf(() => replay(reconsideration, [...simple, { type: 'extend', on: '2024-10-20', approvedBy: '主任' }], { today: '2025-01-01' }))).toBe('ILLEGAL_TRANSITION');
    const converted = replay(reconsideration, [...simple, { type: 'convert-to-ordinary', on: '2024-10-10' }, { type: 'extend', on: '2024-10-20', approvedBy: '主任' }], { today: '2025-01-01' });
    expect(converted.procedure).toBe('ordinary');
  });

  it('returns from a suspension to the status it interrupted', () => {
    const facts = replay(litigation, [
      { type: 'judge', on: '2025-03-01', servedOn: '2025-03-03', form: 'judgment', instance: 'first', outcome: 'revoke' },
      { type: 'appeal', on: '2025-03-10', by: 'agency' },
      { type: 'suspend', on: '2025-04-01', reason: 'awaiting-other-case' },
      { type: 'resume', on: '2025-05-01' },
    ], { today: '2025-06-30' });
    expect(facts).toMatchObject({ status: 'appealed', instance: 'second' });
  });

  it('checks the judgment instance against the status', () => {
    expect(codeOf(() => replay(litigation, [{ type: 'judge', on: '2025-03-01', servedOn: '2025-03-02', form: 'ruling', instance: 'second', outcome: 'suit-dismissed' }], { today: '2025-06-30' }))).toBe('VALIDATION_FAILED');
  });

  it('refuses a decision recorded as termination', () => {
    expect(codeOf(() => replay(reconsideration, [{ type: 'accept', on: '2024-09-30' }, { type: 'decide', on: '2024-11-01', outcome: 'termination' }], { today: '2025-01-01' }))).toBe('VALIDATION_FAILED');
  });

  it('reopens a concluded litigation on a retrial judgment', () => {
    const facts = replay(litigation, [
      { type: 'conclude', on: '2025-02-01', outcome: 'withdrawn' },
      { type: 'judge', on: '2025-05-01', servedOn: '2025-05-02', form: 'judgment', instance: 'retrial', outcome: 'revoke' },
    ], { today: '2025-06-30' });
    expect(facts).toMatchObject({ status: 'judged', concluded: false, concludedOn: null, instance: 'retrial' });
  });
});

describe('recording', () => {
  it('bumps the version and writes who did what, with the facts before and after', () => {
    const then = { at: '2024-09-30T10:00:00+08:00', today: '2024-09-30' };
    const { record } = registerCase('C1', reconsideration, actor, then, calendar);
    const { record: next, history } = recordAction(record, { type: 'reject', on: '2024-09-30', reason: 'out-of-time' }, actor, then, calendar);
    expect(next).toMatchObject({ version: 2, status: 'rejected', rejectedOn: '2024-09-30' });
    expect(next.steps[0]).toMatchObject({ type: 'reject', recordedBy: actor, recordedAt: then.at });
    expect(history).toEqual({
      at: then.at,
      actor,
      action: 'reject',
      on: '2024-09-30',
      details: { reason: 'out-of-time' },
      before: { status: 'received', rejectedOn: null },
      after: { status: 'rejected', rejectedOn: '2024-09-30' },
    });
  });

  it('refuses to register a case received after today', () => {
    expect(codeOf(() => registerCase('C2', { ...reconsideration, receivedOn: '2025-07-01' }, actor, now, calendar))).toBe('VALIDATION_FAILED');
  });
});

describe('cases under the 2017 text (行政复议法（2017）第十七条第二款)', () => {
  const old = { ...reconsideration, receivedOn: '2023-10-09' };

  it('counts an acceptance written on 2023-10-12 as of receipt, 2023-10-09 (2017 text 第十七条第二款)', () => {
    expect(replay(old, [{ type: 'accept', on: '2023-10-12' }], { today: '2024-01-01' })).toMatchObject({ acceptedOn: '2023-10-09', deemedAccepted: false });
  });

  it('refuses an acceptance after the review lapsed with REVIEW_PERIOD_LAPSED citing the 2017 text (第十七条第二款)', () => {
    // Five working days from Monday 2023-10-09 end on Monday 2023-10-16.
    const error = errorOf(() => replay(old, [{ type: 'accept', on: '2023-10-20' }], { today: '2024-01-01' }));
    expect(error?.code).toBe('REVIEW_PERIOD_LAPSED');
    expect(error?.detail).toEqual({
      zh: '审查期限已于2023-10-16届满，不能再受理或不予受理：期限届满未作出不予受理决定，依照行政复议法（2017）第十七条第二款，自收到申请之日2023-10-09起即为受理',
      en: 'the review period ended on 2023-10-16; the application can no longer be accepted or rejected: no rejection within the review period: under the 2017 text (article 17, paragraph 2) the application counts as accepted from the day it was received, 2023-10-09',
    });
  });
});

describe('an extension only while the decision period runs (行政复议法第六十二条)', () => {
  // Accepted 2024-09-30: 60 days end on Friday 2024-11-29.
  const accepted: ActionInput[] = [{ type: 'accept', on: '2024-09-30' }];

  it('refuses an extension dated 2024-11-30, after the period ran out on 2024-11-29, with DECISION_PERIOD_LAPSED (第六十二条)', () => {
    const error = errorOf(() => replay(reconsideration, [...accepted, { type: 'extend', on: '2024-11-30', approvedBy: '主任' }], { today: '2025-01-01' }));
    expect(error).toMatchObject({ kind: 'conflict', code: 'DECISION_PERIOD_LAPSED', extensions: { decisionDueOn: '2024-11-29' } });
  });

  it('allows one dated on the last day, 2024-11-29 (第六十二条)', () => {
    expect(codeOf(() => replay(reconsideration, [...accepted, { type: 'extend', on: '2024-11-29', approvedBy: '主任' }], { today: '2025-01-01' }))).toBeUndefined();
  });
});

describe('an applicant who never supplies the correction (行政复议法第三十一条第二款)', () => {
  // Received Friday 2024-09-27; the notice sent 2024-09-30 and received 2024-10-08, after National Day:
  // ten working days end on Monday 2024-10-21 (the make-up Saturday 2024-10-12 counts).
  const requested: ActionInput[] = [{ type: 'request-correction', on: '2024-09-30', servedOn: '2024-10-08' }];

  it('refuses correction-lapsed on the period\'s last day, 2024-10-21, with CORRECTION_PERIOD_RUNNING (第三十一条第二款)', () => {
    const error = errorOf(() => replay(reconsideration, [...requested, { type: 'correction-lapsed', on: '2024-10-21' }], { today: '2025-01-01' }));
    expect(error).toMatchObject({ kind: 'conflict', code: 'CORRECTION_PERIOD_RUNNING', extensions: { correctionDueOn: '2024-10-21' } });
  });

  it('closes the application as abandoned the day after, 2024-10-22: neither rejected nor concluded (第三十一条第二款)', () => {
    expect(replay(reconsideration, [...requested, { type: 'correction-lapsed', on: '2024-10-22' }], { today: '2025-01-01' })).toMatchObject({
      status: 'abandoned',
      abandonedOn: '2024-10-22',
      rejectedOn: null,
      concluded: false,
      concludedOn: null,
    });
  });

  it('refuses a receipt of the notice before it was sent (第三十一条第二款)', () => {
    expect(codeOf(() => replay(reconsideration, [{ type: 'request-correction', on: '2024-09-30', servedOn: '2024-09-29' }], { today: '2025-01-01' }))).toBe('VALIDATION_FAILED');
  });
});

describe('a correction period lengthened by the office (行政复议法第三十一条第二款)', () => {
  // As above: the applicant's ten working days end on Monday 2024-10-21.
  const requested: ActionInput[] = [{ type: 'request-correction', on: '2024-09-30', servedOn: '2024-10-08' }];
  const extended: ActionInput[] = [...requested, { type: 'extend-correction', on: '2024-10-18', until: '2024-11-04', reason: '申请人住院治疗' }];
  const correctionDue = (steps: ActionInput[]) => fold(reconsideration, steps, { today: '2025-01-01', calendar }).deadlines.find((d) => d.key === 'correction-submission#1');

  it("moves the applicant's last day to `until`, 2024-11-04, and keeps the case awaiting the correction (第三十一条第二款)", () => {
    expect(replay(reconsideration, extended, { today: '2025-01-01' })).toMatchObject({ status: 'awaiting-correction' });
    expect(correctionDue(extended)).toMatchObject({ dueOn: '2024-11-04', status: 'overdue' });
  });

  it('allows one decided on the last day, 2024-10-21 (第三十一条第二款)', () => {
    const steps: ActionInput[] = [...requested, { type: 'extend-correction', on: '2024-10-21', until: '2024-10-25', reason: '正当理由' }];
    expect(correctionDue(steps)?.dueOn).toBe('2024-10-25');
  });

  it('refuses one decided 2024-10-22, after the period ran out, with 409 CORRECTION_PERIOD_LAPSED (第三十一条第二款)', () => {
    const error = errorOf(() => replay(reconsideration, [...requested, { type: 'extend-correction', on: '2024-10-22', until: '2024-11-04', reason: '正当理由' }], { today: '2025-01-01' }));
    expect(error).toMatchObject({ kind: 'conflict', code: 'CORRECTION_PERIOD_LAPSED', extensions: { correctionDueOn: '2024-10-21' } });
    expect(error?.detail).toEqual({
      zh: '申请人的补正期限已于2024-10-21届满，不能再延长：延长补正期限须在期限届满前决定（行政复议法第三十一条第二款）',
      en: 'the applicant\'s period for the correction ran out on 2024-10-21; it can be lengthened only while it runs (article 31, paragraph 2)',
    });
  });

  it('refuses an `until` not later than the current last day (the day itself, or before `on`) with 400 naming until', () => {
    for (const until of ['2024-10-21', '2024-10-17']) {
      const error = errorOf(() => replay(reconsideration, [...requested, { type: 'extend-correction', on: '2024-10-18', until, reason: '正当理由' }], { today: '2025-01-01' }));
      expect(error).toMatchObject({ kind: 'invalid', code: 'VALIDATION_FAILED' });
      expect(error?.errors?.map((e) => e.path)).toEqual(['until']);
      expect(error?.errors?.[0]?.message).toEqual({ zh: '应晚于当前补正期限的最后一日2024-10-21', en: 'must be after the current last day of the correction period, 2024-10-21' });
    }
  });

  it('may be recorded again, each time to a later day than the last (第三十一条第二款)', () => {
    const again: ActionInput[] = [...extended, { type: 'extend-correction', on: '2024-11-01', until: '2024-11-15', reason: '申请人仍在住院' }];
    expect(correctionDue(again)?.dueOn).toBe('2024-11-15');
    const notLater: ActionInput[] = [...extended, { type: 'extend-correction', on: '2024-11-01', until: '2024-11-04', reason: '正当理由' }];
    expect(errorOf(() => replay(reconsideration, notLater, { today: '2025-01-01' }))?.errors?.[0]).toMatchObject({ path: 'until' });
    // After the lengthened period ran out (2024-11-04), nothing is left to lengthen.
    const late: ActionInput[] = [...extended, { type: 'extend-correction', on: '2024-11-05', until: '2024-11-15', reason: '正当理由' }];
    expect(codeOf(() => replay(reconsideration, late, { today: '2025-01-01' }))).toBe('CORRECTION_PERIOD_LAPSED');
  });

  it('refuses correction-lapsed until the new last day has passed: 2024-11-04 refused, 2024-11-05 abandoned (第三十一条第二款)', () => {
    const error = errorOf(() => replay(reconsideration, [...extended, { type: 'correction-lapsed', on: '2024-11-04' }], { today: '2025-01-01' }));
    expect(error).toMatchObject({ code: 'CORRECTION_PERIOD_RUNNING', extensions: { correctionDueOn: '2024-11-04' } });
    expect(replay(reconsideration, [...extended, { type: 'correction-lapsed', on: '2024-11-05' }], { today: '2025-01-01' })).toMatchObject({
      status: 'abandoned',
      abandonedOn: '2024-11-05',
    });
  });

  it('is refused when no correction is outstanding (ILLEGAL_TRANSITION)', () => {
    expect(codeOf(() => replay(reconsideration, [{ type: 'extend-correction', on: '2024-09-30', until: '2024-10-31', reason: '正当理由' }], { today: '2025-01-01' }))).toBe('ILLEGAL_TRANSITION');
    const received: ActionInput[] = [...extended, { type: 'receive-correction', on: '2024-10-30' }];
    expect(codeOf(() => replay(reconsideration, [...received, { type: 'extend-correction', on: '2024-10-31', until: '2024-11-20', reason: '正当理由' }], { today: '2025-01-01' }))).toBe(
      'ILLEGAL_TRANSITION',
    );
  });

  it('is refused under the 2017 text, whose notice sets the period itself (实施条例第二十九条)', () => {
    const old = { ...reconsideration, receivedOn: '2023-11-01' };
    const steps: ActionInput[] = [{ type: 'request-correction', on: '2023-11-02' }, { type: 'extend-correction', on: '2023-11-03', until: '2023-12-01', reason: '正当理由' }];
    expect(codeOf(() => replay(old, steps, { today: '2025-01-01' }))).toBe('ILLEGAL_TRANSITION');
  });

  it('writes the new last day into the history entry, with the reason (第三十一条第二款)', () => {
    const then = { at: '2024-10-18T10:00:00+08:00', today: '2024-10-18' };
    const { record } = registerCase('C1', reconsideration, actor, then, calendar);
    const requestedRecord = recordAction(record, requested[0] as ActionInput, actor, then, calendar).record;
    const { record: next, history } = recordAction(
      requestedRecord,
      { type: 'extend-correction', on: '2024-10-18', until: '2024-11-04', reason: '申请人住院治疗' },
      actor,
      then,
      calendar,
    );
    expect(next.steps.at(-1)).toMatchObject({ type: 'extend-correction', until: '2024-11-04', reason: '申请人住院治疗' });
    expect(history).toEqual({
      at: then.at,
      actor,
      action: 'extend-correction',
      on: '2024-10-18',
      details: { until: '2024-11-04', reason: '申请人住院治疗' },
      before: { deadlines: { 'correction-submission#1': '2024-10-21' } },
      after: { deadlines: { 'correction-submission#1': '2024-11-04' } },
    });
  });
});

describe('the console\'s form for 延长补正期限', () => {
  it('asks for 延长至 and 理由, and what it sends is the action the API takes', () => {
    expect(actionFields('extend-correction', 'reconsideration').map((f) => [f.name, f.label, f.kind, f.optional ?? false])).toEqual([
      ['until', '延长至', 'date', false],
      ['reason', '理由', 'textarea', false],
    ]);
    const input = actionInput('extend-correction', 'reconsideration', { on: '2024-10-18', until: ' 2024-11-04 ', reason: '申请人住院治疗' });
    expect(ActionSchema().parse(input)).toEqual({ type: 'extend-correction', on: '2024-10-18', until: '2024-11-04', reason: '申请人住院治疗' });
  });
});

describe('ruling types (行诉解释第一百零一条)', () => {
  it('refuses a ruling type on a judgment', () => {
    const judged: ActionInput = { type: 'judge', on: '2025-03-01', servedOn: '2025-03-03', form: 'judgment', instance: 'first', outcome: 'revoke', rulingType: 'withdrawal' };
    expect(codeOf(() => replay(litigation, [judged], { today: '2025-06-30' }))).toBe('VALIDATION_FAILED');
  });

  const ruling = (rulingType?: 'not-filed' | 'suit-dismissed' | 'jurisdiction' | 'withdrawal' | 'other'): ActionInput => ({
    type: 'judge',
    on: '2025-03-01',
    servedOn: '2025-03-03',
    form: 'ruling',
    instance: 'first',
    outcome: rulingType === 'withdrawal' ? 'withdrawn' : 'suit-dismissed',
    ...(rulingType ? { rulingType } : {}),
  });
  const appeal: ActionInput = { type: 'appeal', on: '2025-03-10', by: 'plaintiff' };

  it.each(['withdrawal', 'other'] as const)('refuses an appeal after a %s ruling, citing 第一百零一条第二款', (rulingType) => {
    let error: unknown;
    try {
      replay(litigation, [ruling(rulingType), appeal], { today: '2025-06-30' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('ILLEGAL_TRANSITION');
    expect((error as AppError).detail.zh).toContain('第一百零一条第二款');
    // A stored appeal (recorded before the check) is read back, not refused.
    expect(fold(litigation, [ruling(rulingType), appeal], { today: '2025-06-30', calendar }, 2).facts.status).toBe('appealed');
  });

  it.each(['not-filed', 'suit-dismissed', 'jurisdiction', undefined] as const)('allows an appeal after a %s ruling (an untyped one keeps it, as recorded before types)', (rulingType) => {
    expect(replay(litigation, [ruling(rulingType), appeal], { today: '2025-06-30' }).status).toBe('appealed');
  });
});
