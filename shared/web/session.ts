import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Identity } from '../auth/identity';
import type { Role } from '../domain/enums';

/**
 * The console's session: the signed-in identity and the session's CSRF token, sealed with
 * AES-256-GCM (encrypted and authenticated) into one cookie, so no session store is needed and
 * a tampered or forged cookie is simply not a session. The key comes from CONSOLE_SESSION_SECRET;
 * locally a public development value (like AUTH_LOCAL_SECRET), refused in AWS.
 */
export const DEVELOPMENT_SESSION_SECRET = 'local-console-session-secret-change-me';

/** How long a sign-in lasts (a working day). */
export const SESSION_TTL_SECONDS = 10 * 3600;

export interface Session {
  sub: string;
  name: string;
  roles: Role[];
  agencyId?: string;
  /** the session's CSRF token: every form carries it */
  csrf: string;
  /** expiry, seconds since the epoch */
  exp: number;
}

export function keyOf(secret: string): Buffer {
  return createHash('sha256').update(`console-session\n${secret}`).digest();
}

/** Seals any JSON value: base64url(iv | tag | ciphertext). */
export function seal(value: unknown, key: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

/** The sealed value, or undefined if the text was not sealed with this key (or was altered). */
export function unseal(text: string, key: Buffer): unknown {
  try {
    const raw = Buffer.from(text, 'base64url');
    if (raw.length < 29) return undefined;
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    const plain = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]);
    return JSON.parse(plain.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

export function newSession(identity: Identity, nowSeconds: number): Session {
  return {
    sub: identity.sub,
    name: identity.name,
    roles: identity.roles,
    ...(identity.agencyId ? { agencyId: identity.agencyId } : {}),
    csrf: randomBytes(18).toString('base64url'),
    exp: nowSeconds + SESSION_TTL_SECONDS,
  };
}

function isSession(value: unknown): value is Session {
  if (typeof value !== 'object' || value === null) return false;
  const s = value as Record<string, unknown>;
  return typeof s.sub === 'string' && typeof s.name === 'string' && Array.isArray(s.roles) && typeof s.csrf === 'string' && typeof s.exp === 'number';
}

export type SessionState = { kind: 'none' } | { kind: 'expired' } | { kind: 'active'; session: Session };

export function readSession(cookie: string | undefined, key: Buffer, nowSeconds: number): SessionState {
  if (!cookie) return { kind: 'none' };
  const value = unseal(cookie, key);
  if (!isSession(value)) return { kind: 'none' };
  if (value.exp <= nowSeconds) return { kind: 'expired' };
  return { kind: 'active', session: value };
}

export function identityOf(session: Session): Identity {
  return { sub: session.sub, name: session.name, roles: session.roles, ...(session.agencyId ? { agencyId: session.agencyId } : {}) };
}

/** Constant-time comparison of two tokens. */
export function sameToken(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Where to go after signing in: only a path of this site (`/console/cases?x=1`), never
 * `//evil.example`, `/\evil`, a scheme or a control character.
 */
export function safeNext(value: string | undefined | null): string {
  if (!value || value.length > 500) return '/';
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return '/';
  return value;
}
