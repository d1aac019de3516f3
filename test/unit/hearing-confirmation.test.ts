import { describe, expect, it } from 'vitest';
import { Calendar } from '../../shared/domain/calendar';
import { registerCase } from '../../shared/domain/case-actions';
import type { CaseRegistration } from '../../shared/domain/cases';
import { AppError } from '../../shared/domain/errors';
import { confirmationDeadline, confirmHearing, scheduleHearing, type Hearing } from '../../shared/domain/hearings';

const calendar = new Calendar();
const actor = { sub: 'u1', name: '王科长' };
const now = { at: '2024-11-01T10:00:00+08:00', today: '2024-11-01' };

function hearingOf(registration: CaseRegistration, kind: Hearing['kind']): Hearing {
  const { record } = registerCase('C1', registration, actor, now, calendar);
  // Wednesday 2024-11-20: three working days before it is Friday 2024-11-15.
  return scheduleHearing('H1', record, { scheduledAt: '2024-11-20T09:30:00+08:00', court: '潞州区人民政府', kind }, actor, now.at).hearing;
}

const reconsideration: CaseRegistration = {
  kind: 'reconsideration',
  caseNumber: '潞复〔2024〕30号',
  agencyId: 'market-regulation',
  receivedOn: '2024-10-08',
  parties: [{ role: 'applicant', name: '张三' }],
};
const litigation: CaseRegistration = { ...reconsideration, kind: 'litigation', caseNumber: '(2024)晋0403行初30号', receivedOn: '2024-10-08' };

describe('a 听证 of a reconsideration cites the reconsideration law (行政复议法第五十条、第五十一条)', () => {
  const deadline = () => confirmationDeadline(hearingOf(reconsideration, 'reconsideration-hearing'), calendar, '2024-11-01', 3);

  it('is due three working days before the 听证, 2024-11-15, citing 行政复议法第五十条、第五十一条第三款', () => {
    expect(deadline()).toMatchObject({ dueOn: '2024-11-15', basis: '行政复议法第五十条、第五十一条第三款', law: 'reconsideration-law-2023' });
  });

  it('says 听证 and that the respondent\'s head attends (行政复议法第五十一条第三款)', () => {
    expect(deadline().explanation[0]).toBe(
      '听证时间2024-11-20T09:30:00+08:00，被申请人的负责人应当参加听证，不能参加的，应当说明理由并委托相应的工作人员参加听证（行政复议法第五十一条第三款），参加听证的人员应在听证前确定',
    );
  });
});

describe('a court hearing cites the 2020 rules on heads appearing in court (出庭规定第六条)', () => {
  const deadline = () => confirmationDeadline(hearingOf(litigation, 'court'), calendar, '2024-11-01', 3);

  it('is due 2024-11-15, citing 出庭规定第六条', () => {
    expect(deadline()).toMatchObject({ dueOn: '2024-11-15', basis: '最高人民法院关于行政机关负责人出庭应诉若干问题的规定第六条', law: 'head-appearance-rules-2020' });
  });

  it('says 开庭 (出庭规定第六条)', () => {
    expect(deadline().explanation[0]).toBe('开庭时间2024-11-20T09:30:00+08:00，出庭负责人（或委托的工作人员）应在开庭前确定，以便提交身份证明（出庭规定第六条）');
  });
});

describe('a lawyer alone may not appear (行诉解释第一百二十八条第二款)', () => {
  it('refuses a lawyer delegated to a court hearing, citing 行诉解释第一百二十八条第二款', () => {
    const hearing = hearingOf(litigation, 'court');
    let refused: AppError | undefined;
    try {
      confirmHearing(
        hearing,
        { attendance: 'delegate', delegate: { name: '赵某', position: '律师' }, reason: 'irreplaceable-duty', reasonDetail: '参加全市安全生产会议' },
        actor,
        'agency-head',
        new Date('2024-11-10T10:00:00+08:00'),
        '2024-11-10T10:00:00+08:00',
      );
    } catch (error) {
      if (error instanceof AppError) refused = error;
    }
    expect(refused?.code).toBe('LAWYER_ONLY_DELEGATION');
    expect(refused?.errors?.[0]?.message).toEqual({
      zh: '负责人不能出庭的，应当委托行政机关相应的工作人员出庭，不得仅委托律师出庭（行诉解释第一百二十八条第二款）',
      en: 'a lawyer alone may not appear for the agency: a head who cannot appear must delegate a staff member of the agency (行诉解释第一百二十八条第二款)',
    });
  });
});
