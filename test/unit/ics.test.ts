import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import type { Hearing } from '../../shared/domain/hearings';
import { hearingsCalendar } from '../../shared/domain/ics';

const clerk = { sub: 'clerk-1', name: '王芳' };

/** A litigation hearing of 2025-05-20 14:00, scheduled and not yet confirmed. */
function hearing(overrides: Partial<Hearing> = {}): Hearing {
  return {
    id: '01JV0000000000000000000001',
    caseId: '01JV0000000000000000000CASE',
    caseNumber: '(2025)晋0403行初88号',
    caseKind: 'litigation',
    agencyId: 'market-regulation',
    kind: 'court',
    instance: 'first',
    scheduledAt: '2025-05-20T14:00:00+08:00',
    court: '潞州区人民法院',
    courtroom: '第三法庭',
    status: 'scheduled',
    confirmation: null,
    attendance: null,
    sequence: 0,
    version: 1,
    createdAt: '2025-05-01T09:00:00+08:00',
    updatedAt: '2025-05-01T09:00:00+08:00',
    createdBy: clerk,
    ...overrides,
  };
}

function event(h: Hearing) {
  const calendar = new ICAL.Component(ICAL.parse(hearingsCalendar('区市场监督管理局', [h], '2025-05-21T02:00:00.000Z')));
  const vevent = calendar.getFirstSubcomponent('vevent')!;
  return { description: new ICAL.Event(vevent).description, status: vevent.getFirstPropertyValue('status'), sequence: new ICAL.Event(vevent).sequence };
}

describe('the hearings feed describes each hearing as it stands', () => {
  it('a hearing to come: who is to appear, pending until confirmed', () => {
    expect(event(hearing())).toEqual({ description: '(2025)晋0403行初88号\n状态：待举行\n出庭人员：待确认', status: 'CONFIRMED', sequence: 0 });
  });

  it('a held hearing the head attended without confirming first: who appeared, and held', () => {
    const held = hearing({
      attendance: {
        held: true,
        headAppeared: true,
        appearedName: '李明',
        appearedTitle: 'deputy',
        others: [{ name: '赵敏', position: '法制股股长' }],
        recordedAt: '2025-05-21T09:00:00+08:00',
        recordedBy: clerk,
      },
      version: 2,
      updatedAt: '2025-05-21T09:00:00+08:00',
    });
    const shown = event(held);
    expect(shown.description).toBe('(2025)晋0403行初88号\n状态：已举行\n出庭人员：负责人李明（副职负责人）出庭，另有赵敏（法制股股长）');
    expect(shown.description).not.toContain('待确认');
    expect(shown.status).toBe('CONFIRMED');
    // The event changed: calendars that compare SEQUENCE take the new description.
    expect(shown.sequence).toBe(1);
  });

  it('a held hearing the head did not attend: who appeared instead, whatever had been confirmed', () => {
    const held = hearing({
      confirmation: {
        attendance: 'head',
        head: { name: '李明', title: 'deputy' },
        confirmedAt: '2025-05-14T10:00:00+08:00',
        confirmedBy: { ...clerk, role: 'legal-office' },
        onBehalf: true,
      },
      attendance: { held: true, headAppeared: false, others: [{ name: '赵敏', position: '法制股股长' }], recordedAt: '2025-05-21T09:00:00+08:00', recordedBy: clerk },
    });
    expect(event(held).description).toBe('(2025)晋0403行初88号\n状态：已举行\n出庭人员：负责人未出庭，赵敏（法制股股长）出庭');
  });

  it('a hearing recorded as not held is no longer on the calendar', () => {
    const notHeld = hearing({ attendance: { held: false, headAppeared: false, recordedAt: '2025-05-21T09:00:00+08:00', recordedBy: clerk } });
    expect(event(notHeld)).toMatchObject({ description: '(2025)晋0403行初88号\n状态：未举行', status: 'CANCELLED' });
  });

  it('a cancelled hearing', () => {
    expect(event(hearing({ status: 'cancelled', sequence: 2 }))).toEqual({ description: '(2025)晋0403行初88号\n状态：已取消\n出庭人员：待确认', status: 'CANCELLED', sequence: 2 });
  });
});
