import { describe, expect, it } from 'vitest';
import { Calendar } from '../../shared/domain/calendar';
import { lawFor, recordAction, registerCase, replay as fold, type FoldOptions } from '../../shared/domain/case-actions';
import type { ActionInput, CaseRegistration } from '../../shared/domain/cases';
import { AppError } from '../../shared/domain/errors';

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
