/**
 * Errors the application raises on purpose. Each carries a stable UPPER_SNAKE `code` that clients may branch on
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

/**
 * A text the user reads, in the clerks' language and in English (Chinese by default, English
 * with `Accept-Language: en`). Every text is both: a plain English string does not type-check, so
 * no error can reach a clerk untranslated.
 */
export interface Localized {
  zh: string;
  en: string;
}
export type Message = Localized;

export type Language = 'zh' | 'en';

export function textIn(message: Message, language: Language): string {
  return message[language];
}

export interface FieldError {
  /** where the field was: body, query, path or header */
  in: 'body' | 'query' | 'path' | 'header';
  /** dotted path inside that location, e.g. `parties.0.idNumber` */
  path: string;
  message: Message;
}

export class AppError extends Error {
  readonly kind: ErrorKind;
  readonly code: string;
  readonly errors: FieldError[] | undefined;
  /** seconds a client should wait before retrying (sent as `Retry-After`) */
  readonly retryAfter: number | undefined;
  /** extra members for the problem document (e.g. the current status of a case) */
  readonly extensions: Record<string, unknown> | undefined;
  /** the detail in both languages; `message` is its English text (logs are English) */
  readonly detail: Message;

  constructor(
    kind: ErrorKind,
    code: string,
    detail: Message,
    options: { errors?: FieldError[]; retryAfter?: number; extensions?: Record<string, unknown> } = {},
  ) {
    super(textIn(detail, 'en'));
    this.name = 'AppError';
    this.detail = detail;
    this.kind = kind;
    this.code = code;
    this.errors = options.errors;
    this.retryAfter = options.retryAfter;
    this.extensions = options.extensions;
  }
}

/** A single bad field in the request body: 400 with the field named. */
export function invalidField(path: string, message: Message, code = 'VALIDATION_FAILED'): AppError {
  const detail: Localized = { zh: `${path} ${textIn(message, 'zh')}`, en: `${path}: ${textIn(message, 'en')}` };
  return new AppError('invalid', code, detail, { errors: [{ in: 'body', path, message }] });
}

/** `what` names the thing in both languages: `{ zh: '案件 01J…', en: 'case 01J…' }`. */
export function notFound(what: Message): AppError {
  return new AppError('not-found', 'NOT_FOUND', { zh: `未找到${textIn(what, 'zh')}`, en: `${textIn(what, 'en')} was not found` });
}

export function idempotencyKeyReused(): AppError {
  return new AppError('unprocessable', 'IDEMPOTENCY_KEY_REUSED', {
    zh: '此 Idempotency-Key 已用于另一份不同的请求内容',
    en: 'this Idempotency-Key was used with a different request body',
  });
}
