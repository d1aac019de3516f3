/**
 * Errors the application raises on purpose. Each carries a stable `code` (API.md: UPPER_SNAKE)
 * and a `kind` that the HTTP layer maps to a status; the domain never speaks HTTP itself.
 */
export type ErrorKind =
  | 'invalid' // 400
  | 'unauthorized' // 401
  | 'forbidden' // 403
  | 'not-found' // 404
  | 'conflict' // 409
  | 'precondition-failed' // 412
  | 'too-large' // 413
  | 'unsupported-media-type' // 415
  | 'unprocessable' // 422
  | 'unavailable'; // 503 (retryable)

export interface FieldError {
  /** where the field was: body, query, path or header */
  in: 'body' | 'query' | 'path' | 'header';
  /** dotted path inside that location, e.g. `parties.0.idNumber` */
  path: string;
  message: string;
}

export class AppError extends Error {
  readonly kind: ErrorKind;
  readonly code: string;
  readonly errors: FieldError[] | undefined;
  /** seconds a client should wait before retrying (sent as `Retry-After`) */
  readonly retryAfter: number | undefined;
  /** extra members for the problem document (e.g. the current status of a case) */
  readonly extensions: Record<string, unknown> | undefined;

  constructor(
    kind: ErrorKind,
    code: string,
    detail: string,
    options: { errors?: FieldError[]; retryAfter?: number; extensions?: Record<string, unknown> } = {},
  ) {
    super(detail);
    this.name = 'AppError';
    this.kind = kind;
    this.code = code;
    this.errors = options.errors;
    this.retryAfter = options.retryAfter;
    this.extensions = options.extensions;
  }
}

/** A single bad field in the request body: 400 with the field named. */
export function invalidField(path: string, message: string, code = 'VALIDATION_FAILED'): AppError {
  return new AppError('invalid', code, `${path}: ${message}`, { errors: [{ in: 'body', path, message }] });
}

export function notFound(what: string): AppError {
  return new AppError('not-found', 'NOT_FOUND', `${what} was not found`);
}

export function idempotencyKeyReused(): AppError {
  return new AppError('unprocessable', 'IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was used with a different request body');
}
