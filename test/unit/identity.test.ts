import { describe, expect, it } from 'vitest';
import { agencyScope, canSee, claimNamesFromEnv, identityFromClaims, listingAgency, parseGroups } from '../../shared/auth/identity';
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

  it('reads a space-separated string, as some OIDC issuers send roles', () => {
    expect(parseGroups('legal-office stats-reader')).toEqual(['legal-office', 'stats-reader']);
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

describe('identity from an OIDC issuer with its own claim names', () => {
  // As the stack configures a function for `-c identity=oidc -c rolesClaim=roles -c agencyClaim=org_code`.
  const names = claimNamesFromEnv({ ROLES_CLAIM: 'roles', AGENCY_CLAIM: 'org_code' });

  it('takes the claim names from ROLES_CLAIM and AGENCY_CLAIM', () => {
    expect(names).toEqual({ roles: 'roles', agency: 'org_code' });
  });

  it('defaults to Cognito’s claims when the environment names none', () => {
    expect(claimNamesFromEnv({})).toEqual({ roles: 'cognito:groups', agency: 'custom:agencyId' });
  });

  it('reads roles and agency through the configured names, as API Gateway hands them over', () => {
    const identity = identityFromClaims({ sub: 'u7', name: '赵强', roles: '[agency-head]', org_code: 'market-regulation' }, names);
    expect(identity).toEqual({ sub: 'u7', name: '赵强', roles: ['agency-head'], agencyId: 'market-regulation' });
  });

  it('reads roles given as a space-separated string', () => {
    expect(identityFromClaims({ sub: 'u8', roles: 'legal-office stats-reader' }, names).roles).toEqual(['legal-office', 'stats-reader']);
  });

  it('ignores the Cognito claims once other names are configured', () => {
    const identity = identityFromClaims({ sub: 'u9', 'cognito:groups': ['legal-office'], 'custom:agencyId': 'tax' }, names);
    expect(identity).toEqual({ sub: 'u9', name: 'u9', roles: [] });
  });

  it('reads an agency sent as a one-element list', () => {
    expect(identityFromClaims({ sub: 'u10', roles: ['agency-head'], org_code: ['tax'] }, names).agencyId).toBe('tax');
  });

  it('takes no agency from a list naming several', () => {
    expect(identityFromClaims({ sub: 'u11', roles: ['agency-head'], org_code: '[tax police]' }, names).agencyId).toBeUndefined();
  });
});
