import type { Localized } from '../domain/errors';

/**
 * The detail of every 401 for a token that does not verify, whatever the reason (bad signature,
 * expired, not yet valid, malformed, a verifier that failed): one fixed text. The verifying
 * library's error names (JwtTokenSignatureMismatched …) and messages are its internals; they go to
 * the log, never to the caller.
 */
export const INVALID_TOKEN: Localized = { zh: '身份令牌无效或已过期', en: 'the token is invalid or expired' };
