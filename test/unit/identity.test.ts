import { describe, expect, it } from 'vitest';
import { agencyScope, canSee, identityFromClaims, listingAgency, parseGroups } from '../../shared/auth/identity';
import { AppError } from '../../shared/domain/errors';

describe('groups claim', () => {
  it('reads the API Gateway authorizer string form "[a b]"', () => {
    expect(parseGroups('[legal-office stats-reader]')).toEqual(['legal-office', 'stats-reader']);
  });

  it('reads a JSON array from a verified token', () => {
    expect(parseGroups(['agency-head'])).toEqual(['agency-head']);
  });

  it('reads a single group without brackets', () => {
    expect(parseGroups('stats-reader')).toEqual(['stats-reader']);
  });

  it('yields nothing for a missing claim', () => {
    expect(parseGroups(undefined)).toEqual([]);
  });
});

describe('identity from claims', () => {
  it('keeps known roles and the agency claim', () => {
    const identity = identityFromClaims({
      sub: 'u1',
      name: '李明',
      'cognito:groups': '[agency-head unknown-role]',
      'custom:agencyId': 'market-regulation',
    });
    expect(identity).toEqual({ sub: 'u1', name: '李明', roles: ['agency-head'], agencyId: 'market-regulation' });
  });

  it('refuses a token without a subject', () => {
    expect(() => identityFromClaims({ 'cognito:groups': ['legal-office'] })).toThrow(AppError);
  });

  it('confines an agency head to its agency and the legal office to none', () => {
    expect(agencyScope({ sub: 'a', name: 'a', roles: ['agency-head'], agencyId: 'tax' })).toBe('tax');
    expect(agencyScope({ sub: 'b', name: 'b', roles: ['legal-office'] })).toBeUndefined();
  });

  it('forbids an agency head whose token names no agency', () => {
    expect(() => agencyScope({ sub: 'a', name: 'a', roles: ['agency-head'] })).toThrow(/custom:agencyId/);
  });
});

describe('what a caller may see of an agency', () => {
  const legal = { sub: 'l', name: 'l', roles: ['legal-office' as const] };
  const head = { sub: 'h', name: 'h', roles: ['agency-head' as const], agencyId: 'market-regulation' };

  it('the legal office sees every agency and lists what it asks for', () => {
    expect(canSee(legal, 'public-security')).toBe(true);
    expect([listingAgency(legal, undefined), listingAgency(legal, 'public-security')]).toEqual([undefined, 'public-security']);
  });

  it('an agency head sees its own agency only; asking for another lists nothing', () => {
    expect([canSee(head, 'market-regulation'), canSee(head, 'public-security')]).toEqual([true, false]);
    expect([listingAgency(head, undefined), listingAgency(head, 'market-regulation'), listingAgency(head, 'public-security')]).toEqual([
      'market-regulation',
      'market-regulation',
      null,
    ]);
  });
});
