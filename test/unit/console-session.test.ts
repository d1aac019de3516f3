import { describe, expect, it } from 'vitest';
import { keyOf, newSession, readSession, safeNext, seal, unseal } from '../../shared/web/session';

const key = keyOf('test secret');
const now = 1_800_000_000;

describe('the console session cookie', () => {
  it('opens what it sealed', () => {
    const sealed = seal(newSession({ sub: 'u1', name: '王芳', roles: ['legal-office'] }, now), key);
    const state = readSession(sealed, key, now + 60);
    expect(state.kind).toBe('active');
    expect(state.kind === 'active' && state.session.name).toBe('王芳');
  });

  it('is encrypted: the name is not readable in the cookie', () => {
    const sealed = seal(newSession({ sub: 'u1', name: 'wangfang', roles: ['legal-office'] }, now), key);
    expect(Buffer.from(sealed, 'base64url').toString('latin1')).not.toContain('wangfang');
  });

  it('is not a session once a byte is changed', () => {
    const sealed = seal(newSession({ sub: 'u1', name: '王芳', roles: ['legal-office'] }, now), key);
    const raw = Buffer.from(sealed, 'base64url');
    raw[raw.length - 1] = (raw[raw.length - 1] ?? 0) ^ 1;
    expect(unseal(raw.toString('base64url'), key)).toBeUndefined();
    expect(readSession(raw.toString('base64url'), key, now).kind).toBe('none');
  });

  it('expires after ten hours', () => {
    const sealed = seal(newSession({ sub: 'u1', name: '王芳', roles: ['legal-office'] }, now), key);
    expect(readSession(sealed, key, now + 10 * 3600).kind).toBe('expired');
  });
});

describe('where to go after signing in', () => {
  it.each(['/', '/console/cases?kind=litigation', '/console/hearings/01J0000000000000000000000'])('keeps the same-site path %s', (path) => {
    expect(safeNext(path)).toBe(path);
  });

  it.each(['//evil.example/', '/\\evil.example', 'https://evil.example/', 'javascript:alert(1)', '/x\r\nSet-Cookie: a=b', '', undefined])(
    'refuses %s',
    (path) => {
      expect(safeNext(path)).toBe('/');
    },
  );
});
