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
    throw new AppError('invalid', 'VALIDATION_FAILED', 'If-Match must be an ETag this API issued, e.g. "3"', {
      errors: [{ in: 'header', path: 'If-Match', message: 'must be an ETag such as "3"' }],
    });
  }
  return Number(match[1]);
}

export function preconditionFailed(current?: number): AppError {
  return new AppError(
    'precondition-failed',
    'VERSION_MISMATCH',
    current === undefined ? 'the resource changed since the version If-Match names' : `the resource changed: its version is now ${current}`,
    current === undefined ? {} : { extensions: { currentVersion: current } },
  );
}
