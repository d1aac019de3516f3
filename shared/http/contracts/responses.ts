import type { ResponseSpec } from '../route';
import { ProblemSchema } from '../schemas/common';

const descriptions: Record<number, string> = {
  400: 'Bad input; `errors` names each bad field',
  401: 'No token, or an invalid one',
  403: 'The role may not do this',
  404: 'Not found (also for another agency’s data)',
  409: 'Conflict with the current state or a uniqueness rule',
  412: 'If-Match does not match the current version',
  413: 'The body is larger than 64 KB',
  422: 'Idempotency-Key reused with a different body',
  503: 'The store is busy or unavailable; retry after Retry-After',
};

/** The problem+json responses a route may give, for its OpenAPI entry. */
export function problems(...statuses: number[]): Record<number, ResponseSpec> {
  const out: Record<number, ResponseSpec> = {};
  for (const status of [...statuses, 503]) {
    out[status] = {
      description: descriptions[status] ?? 'Error',
      schema: ProblemSchema,
      contentType: 'application/problem+json',
    };
  }
  return out;
}
