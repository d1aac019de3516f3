import { describe, expect, it } from 'vitest';
import { actionsOf, allowedActions, litigationTransitions, nextStatus, reconsiderationTransitions } from '../../shared/domain/case-machine';
import { litigationStatuses, reconsiderationActions, reconsiderationStatuses, litigationActions } from '../../shared/domain/enums';

describe('reconsideration transitions', () => {
  it.each([
    ['received', 'accept', 'accepted'],
    ['received', 'reject', 'rejected'],
    ['received', 'request-correction', 'awaiting-correction'],
    ['awaiting-correction', 'receive-correction', 'received'],
    ['accepted', 'send-copy', 'accepted'],
    ['accepted', 'suspend', 'suspended'],
    ['accepted', 'decide', 'decided'],
    ['accepted', 'terminate', 'terminated'],
    ['suspended', 'terminate', 'terminated'],
    ['decided', 'record-performance', 'decided'],
  ] as const)('%s + %s → %s', (status, action, next) => {
    expect(nextStatus('reconsideration', status, action, undefined)).toBe(next);
  });

  it.each([
    ['received', 'decide'],
    ['received', 'send-copy'],
    ['awaiting-correction', 'accept'],
    ['suspended', 'decide'],
    ['decided', 'decide'],
    ['rejected', 'accept'],
    ['terminated', 'resume'],
  ] as const)('%s refuses %s', (status, action) => {
    expect(nextStatus('reconsideration', status, action, undefined)).toBeUndefined();
  });

  it('resumes a suspension into the status it interrupted', () => {
    expect(nextStatus('reconsideration', 'suspended', 'resume', 'accepted')).toBe('accepted');
  });

  it('covers every status and uses only reconsideration actions', () => {
    expect(Object.keys(reconsiderationTransitions).sort()).toEqual(Object.keys(reconsiderationStatuses).sort());
    const used = actionsOf('reconsideration');
    for (const action of used) expect(Object.keys(reconsiderationActions)).toContain(action);
    expect([...used].sort()).toEqual(Object.keys(reconsiderationActions).sort());
  });

  it('leaves no way out of a rejection or termination', () => {
    expect(allowedActions('reconsideration', 'rejected')).toEqual([]);
    expect(allowedActions('reconsideration', 'terminated')).toEqual([]);
  });
});

describe('litigation transitions', () => {
  it.each([
    ['defending', 'file-defense', 'defending'],
    ['defending', 'judge', 'judged'],
    ['judged', 'appeal', 'appealed'],
    ['appealed', 'judge', 'judged'],
    ['judged', 'conclude', 'concluded'],
    ['concluded', 'judge', 'judged'],
    ['concluded', 'reply-judicial-suggestion', 'concluded'],
  ] as const)('%s + %s → %s', (status, action, next) => {
    expect(nextStatus('litigation', status, action, undefined)).toBe(next);
  });

  it.each([
    ['defending', 'appeal'],
    ['judged', 'file-defense'],
    ['concluded', 'appeal'],
    ['suspended', 'judge'],
  ] as const)('%s refuses %s', (status, action) => {
    expect(nextStatus('litigation', status, action, undefined)).toBeUndefined();
  });

  it('covers every status and every litigation action', () => {
    expect(Object.keys(litigationTransitions).sort()).toEqual(Object.keys(litigationStatuses).sort());
    const used = actionsOf('litigation');
    expect([...used].sort()).toEqual(Object.keys(litigationActions).sort());
  });
});

describe('major cases (重大行政复议应诉案件集体研究制度, 行政复议法第五十二条)', () => {
  it.each([
    ['reconsideration', 'received'],
    ['reconsideration', 'accepted'],
    ['reconsideration', 'suspended'],
    ['litigation', 'defending'],
    ['litigation', 'appealed'],
  ] as const)('a %s case that is %s may be marked major and studied collectively, keeping its status', (kind, status) => {
    expect(nextStatus(kind, status, 'mark-major', undefined)).toBe(status);
    expect(nextStatus(kind, status, 'collective-review', undefined)).toBe(status);
    expect(allowedActions(kind, status)).toEqual(expect.arrayContaining(['mark-major', 'collective-review']));
  });

  it.each([
    ['reconsideration', 'decided'],
    ['reconsideration', 'rejected'],
    ['litigation', 'concluded'],
  ] as const)('a closed %s case (%s) is not', (kind, status) => {
    expect(nextStatus(kind, status, 'mark-major', undefined)).toBeUndefined();
    expect(nextStatus(kind, status, 'collective-review', undefined)).toBeUndefined();
  });
});
