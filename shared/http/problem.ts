import { type AppError, type ErrorKind, type Language, textIn } from '../domain/errors';

/** RFC 9457 problem details, as API.md fixes them: { type, title, status, detail, code, errors? }. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: { in: string; path: string; message: string }[];
  requestId?: string;
  [extension: string]: unknown;
}

export const statusOfKind: Record<ErrorKind, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'precondition-failed': 412,
  'too-large': 413,
  'unsupported-media-type': 415,
  unprocessable: 422,
  unavailable: 503,
};

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** A stable, resolvable-looking type URI per code: `urn:case-tracker:problem:case-number-taken`. */
export function problemType(code: string): string {
  return `urn:case-tracker:problem:${code.toLowerCase().replace(/_/g, '-')}`;
}

export function problem(status: number, code: string, detail: string, extra: Partial<Problem> = {}): Problem {
  return { type: problemType(code), title: titles[status] ?? 'Error', status, detail, code, ...extra };
}

export function problemOf(error: AppError, language: Language = 'zh'): Problem {
  const status = statusOfKind[error.kind];
  const errors = error.errors?.map((field) => ({ ...field, message: textIn(field.message, language) }));
  // Extensions come first so they can never overwrite the standard members.
  return {
    ...error.extensions,
    ...problem(status, error.code, textIn(error.detail, language), errors ? { errors } : {}),
  };
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';
export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';
