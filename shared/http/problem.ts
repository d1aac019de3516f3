import { type AppError, type ErrorKind, type Language, type Localized, type Message, textIn } from '../domain/errors';

/** RFC 9457 problem details, as every error of this API is answered: { type, title, status, detail, code, errors? }. */
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

/** The `title` of each status, in the clerks' language and in English. */
const titles: Record<number, Localized> = {
  400: { zh: '请求有误', en: 'Bad Request' },
  401: { zh: '未登录或身份无效', en: 'Unauthorized' },
  403: { zh: '无权操作', en: 'Forbidden' },
  404: { zh: '未找到', en: 'Not Found' },
  405: { zh: '不支持该请求方法', en: 'Method Not Allowed' },
  409: { zh: '状态冲突', en: 'Conflict' },
  412: { zh: '版本已变更', en: 'Precondition Failed' },
  413: { zh: '请求过大', en: 'Content Too Large' },
  415: { zh: '不支持的内容类型', en: 'Unsupported Media Type' },
  422: { zh: '无法处理', en: 'Unprocessable Content' },
  429: { zh: '请求过多', en: 'Too Many Requests' },
  500: { zh: '服务器内部错误', en: 'Internal Server Error' },
  503: { zh: '服务暂不可用', en: 'Service Unavailable' },
};
const otherTitle: Localized = { zh: '错误', en: 'Error' };

/** A stable, resolvable-looking type URI per code: `urn:case-tracker:problem:case-number-taken`. */
export function problemType(code: string): string {
  return `urn:case-tracker:problem:${code.toLowerCase().replace(/_/g, '-')}`;
}

/** A problem document in one language: `title` and `detail` in it, `code` the same in every language. */
export function problem(status: number, code: string, detail: Message, extra: Partial<Problem> = {}, language: Language = 'zh'): Problem {
  const title = textIn(titles[status] ?? otherTitle, language);
  return { type: problemType(code), title, status, detail: textIn(detail, language), code, ...extra };
}

export function problemOf(error: AppError, language: Language = 'zh'): Problem {
  const status = statusOfKind[error.kind];
  const errors = error.errors?.map((field) => ({ ...field, message: textIn(field.message, language) }));
  // Extensions come first so they can never overwrite the standard members.
  return {
    ...error.extensions,
    ...problem(status, error.code, error.detail, errors ? { errors } : {}, language),
  };
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';
export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';
