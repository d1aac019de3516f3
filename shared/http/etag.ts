import type { Context } from 'hono';
import { AppError } from '../domain/errors';

/** Every mutable resource is returned with its version as a strong ETag: `"3"`. */
export const etag = (version: number): string => `"${version}"`;

/**
 * The version an `If-Match` header demands, if any. `*` matches any existing version.
 * A malformed header is a 400 naming the header.
 */
export function ifMatchVersion(c: Context): number | undefined {
  const header = c.req.header('if-match');
  if (header === undefined || header.trim() === '*') return undefined;
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header);
  if (!match?.[1]) {
    throw new AppError(
      'invalid',
      'VALIDATION_FAILED',
      { zh: 'If-Match 应为本系统给出的 ETag，如 "3"', en: 'If-Match must be an ETag this API issued, e.g. "3"' },
      { errors: [{ in: 'header', path: 'If-Match', message: { zh: '应为 ETag，如 "3"', en: 'must be an ETag such as "3"' } }] },
    );
  }
  return Number(match[1]);
}

export function preconditionFailed(current?: number): AppError {
  return new AppError(
    'precondition-failed',
    'VERSION_MISMATCH',
    current === undefined
      ? { zh: '数据已被他人修改，与 If-Match 所指版本不同', en: 'the resource changed since the version If-Match names' }
      : { zh: `数据已被他人修改，当前版本为 ${current}`, en: `the resource changed: its version is now ${current}` },
    current === undefined ? {} : { extensions: { currentVersion: current } },
  );
}
