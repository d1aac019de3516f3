import { AppError } from '../domain/errors';
import { roles as roleLabels, type Role } from '../domain/enums';

/** Who is calling, from the token's claims (API.md "Identity and roles"). */
export interface Identity {
  sub: string;
  name: string;
  roles: Role[];
  /** `custom:agencyId`: the agency an agency head speaks for */
  agencyId?: string;
}

/** The claims we read; everything else in the token is ignored. */
export type Claims = Record<string, unknown>;

const knownRoles = new Set<string>(Object.keys(roleLabels));

/**
 * `cognito:groups` arrives as a JSON array from a verified JWT, but the HTTP API JWT authorizer
 * hands array claims to Lambda as one string such as "[legal-office stats-reader]".
 */
export function parseGroups(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  if (typeof value !== 'string') return [];
  const inner = value.trim().replace(/^\[/, '').replace(/\]$/, '');
  return inner.split(/[\s,]+/).filter((part) => part.length > 0);
}

export function unauthorized(detail: string): AppError {
  return new AppError('unauthorized', 'UNAUTHORIZED', detail);
}

/** Builds the identity; a token with no role this API knows is authenticated but may do nothing. */
export function identityFromClaims(claims: Claims): Identity {
  const sub = claims.sub;
  if (typeof sub !== 'string' || sub.length === 0) throw unauthorized('the token has no subject');
  const name = typeof claims.name === 'string' && claims.name.length > 0 ? claims.name : sub;
  const roles = parseGroups(claims['cognito:groups']).filter((g): g is Role => knownRoles.has(g));
  const agencyId = claims['custom:agencyId'];
  return {
    sub,
    name,
    roles,
    ...(typeof agencyId === 'string' && agencyId.length > 0 ? { agencyId } : {}),
  };
}

export function hasRole(identity: Identity, role: Role): boolean {
  return identity.roles.includes(role);
}

/**
 * The agency whose data the caller is confined to: undefined for the legal office (sees all), the
 * token's agency for an agency head. An agency head without an agency claim may see nothing.
 */
export function agencyScope(identity: Identity): string | undefined {
  if (hasRole(identity, 'legal-office')) return undefined;
  if (hasRole(identity, 'agency-head')) {
    if (!identity.agencyId) {
      throw new AppError('forbidden', 'FORBIDDEN', 'the agency-head token carries no custom:agencyId');
    }
    return identity.agencyId;
  }
  return undefined;
}

/** Whether the caller may see one agency's item; for an agency head another agency's item does not exist. */
export function canSee(identity: Identity, agencyId: string): boolean {
  const scope = agencyScope(identity);
  return scope === undefined || scope === agencyId;
}

/**
 * The agency filter a listing runs with: the caller's own agency for an agency head (whatever it
 * asked), what was asked otherwise; `null` when an agency head asked for another agency, whose
 * listing is empty for it.
 */
export function listingAgency(identity: Identity, asked: string | undefined): string | undefined | null {
  const scope = agencyScope(identity);
  if (scope === undefined) return asked;
  return asked === undefined || asked === scope ? scope : null;
}

/** Who made a change, for history entries. */
export function actorOf(identity: Identity): { sub: string; name: string } {
  return { sub: identity.sub, name: identity.name };
}
