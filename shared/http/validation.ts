import type * as z from 'zod/mini';
import { AppError, type FieldError, type Localized, textIn } from '../domain/errors';

type Issue = z.core.$ZodIssue;
type Location = FieldError['in'];

const formatNames: Record<string, Localized> = {
  date: { zh: '应为日期 YYYY-MM-DD', en: 'must be a date YYYY-MM-DD' },
  datetime: {
    zh: '应为带时区的日期时间，如 2024-05-06T09:30:00+08:00',
    en: 'must be a datetime with an offset, e.g. 2024-05-06T09:30:00+08:00',
  },
  regex: { zh: '格式不正确', en: 'must be in the expected format' },
  ulid: { zh: '应为编号', en: 'must be an id' },
};

const typeNames: Record<string, string> = {
  string: '文本',
  number: '数字',
  int: '整数',
  boolean: '布尔值（true 或 false）',
  object: '对象',
  array: '数组',
};

/**
 * The texts of the messages a schema gives itself (a regex's explanation, a refinement's reason):
 * zod keeps an issue's message as one string, so a schema passes the English text, registered
 * here with its Chinese one by `localized`, and the field error carries both.
 */
const registered = new Map<string, Localized>();

/** Registers a message a schema gives (`z.regex(pattern, localized({ zh, en }))`) and returns its English text for zod. */
export function localized(message: Localized): string {
  registered.set(message.en, message);
  return message.en;
}

/** `1 item`, `2 items` */
function count(n: number | bigint, noun: string): string {
  return `${String(n)} ${noun}${Number(n) === 1 ? '' : 's'}`;
}

function joinPath(path: readonly PropertyKey[]): string {
  return path.map((part) => String(part)).join('.');
}

const sizeUnits: Record<string, { zh: string; en: string }> = {
  string: { zh: '个字符', en: 'character' },
  array: { zh: '项', en: 'item' },
};

/**
 * zod/mini ships no message texts (that is most of what makes it small; zod's own zh-CN locale
 * speaks of "期望 string，实际接收 undefined", not the clerks' language), so messages are written
 * here from the issue codes: short, naming what was expected, in Chinese and in English.
 */
export function describeIssue(issue: Issue): Localized {
  if (issue.message && issue.message !== 'Invalid input') {
    return registered.get(issue.message) ?? { zh: issue.message, en: issue.message };
  }
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined
        ? { zh: '必填', en: 'is required' }
        : { zh: `应为${typeNames[issue.expected] ?? issue.expected}`, en: `expected ${issue.expected}` };
    case 'invalid_value': {
      const values = issue.values.map((v) => String(v));
      return { zh: `应为以下之一：${values.join('、')}`, en: `must be one of: ${values.join(', ')}` };
    }
    case 'invalid_format':
      return formatNames[issue.format] ?? { zh: `格式不正确（${issue.format}）`, en: `must be ${issue.format}` };
    case 'too_small': {
      const unit = sizeUnits[issue.origin];
      if (unit) {
        return issue.origin === 'string'
          ? { zh: `至少${String(issue.minimum)}${unit.zh}`, en: `must be at least ${count(issue.minimum, unit.en)}` }
          : { zh: `至少${String(issue.minimum)}${unit.zh}`, en: `must have at least ${count(issue.minimum, unit.en)}` };
      }
      return issue.inclusive === false
        ? { zh: `应大于${String(issue.minimum)}`, en: `must be greater than ${String(issue.minimum)}` }
        : { zh: `不得小于${String(issue.minimum)}`, en: `must be at least ${String(issue.minimum)}` };
    }
    case 'too_big': {
      const unit = sizeUnits[issue.origin];
      if (unit) {
        return issue.origin === 'string'
          ? { zh: `至多${String(issue.maximum)}${unit.zh}`, en: `must be at most ${count(issue.maximum, unit.en)}` }
          : { zh: `至多${String(issue.maximum)}${unit.zh}`, en: `must have at most ${count(issue.maximum, unit.en)}` };
      }
      return issue.inclusive === false
        ? { zh: `应小于${String(issue.maximum)}`, en: `must be less than ${String(issue.maximum)}` }
        : { zh: `不得大于${String(issue.maximum)}`, en: `must be at most ${String(issue.maximum)}` };
    }
    case 'invalid_union':
      return { zh: '不符合任何一种允许的格式', en: 'matches none of the allowed shapes' };
    case 'not_multiple_of':
      return { zh: `应为${String(issue.divisor)}的倍数`, en: `must be a multiple of ${String(issue.divisor)}` };
    default:
      return { zh: '无效', en: 'is invalid' };
  }
}

const unknownField: Localized = { zh: '未知字段', en: 'unknown field' };

/** One field error per bad field; an unknown key is reported at its own path. */
export function fieldErrors(issues: readonly Issue[], location: Location): FieldError[] {
  const errors: FieldError[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        errors.push({ in: location, path: joinPath([...issue.path, key]), message: unknownField });
      }
    } else if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      // A discriminated union reports the branch's own issues: name those fields, not the union.
      const branch = issue.errors.find((branchIssues) => branchIssues.length > 0) ?? [];
      errors.push(
        ...fieldErrors(
          branch.map((inner) => ({ ...inner, path: [...issue.path, ...inner.path] })),
          location,
        ),
      );
    } else {
      errors.push({ in: location, path: joinPath(issue.path), message: describeIssue(issue) });
    }
  }
  return errors;
}

const whereLabel: Record<Location, Localized> = {
  body: { zh: '请求正文', en: 'the request body' },
  query: { zh: '查询参数', en: 'the query string' },
  path: { zh: '路径', en: 'the path' },
  header: { zh: '请求头', en: 'a header' },
};

const noGlobalMessages = (): string => 'Invalid input';

/**
 * zod's safeParse as every caller here needs it: `reportInput` lets a missing field say "is
 * required" rather than "expected string" (the input itself is never echoed), and a per-parse
 * error map keeps zod's global configuration out — a library in the same process may install a
 * locale on globalThis, as playwright-core's bundled zod does — so every issue without a schema's
 * own message reads 'Invalid input', which describeIssue words in both languages.
 */
export function safeParse<S extends z.ZodMiniType>(schema: S, input: unknown): z.core.util.SafeParseResult<z.output<S>> {
  return schema.safeParse(input, { reportInput: true, error: noGlobalMessages }) as z.core.util.SafeParseResult<z.output<S>>;
}

export function parseOrThrow<S extends z.ZodMiniType>(schema: S, input: unknown, location: Location): z.output<S> {
  const result = safeParse(schema, input);
  if (result.success) return result.data;
  const errors = fieldErrors(result.error.issues, location);
  const where = whereLabel[location];
  const first = errors[0];
  const detail: Localized = first
    ? {
        zh: `${where.zh}有误：${first.path || '（整体）'} ${textIn(first.message, 'zh')}${errors.length > 1 ? `（另有${errors.length - 1}处）` : ''}`,
        en: `${where.en} is invalid: ${first.path || '(root)'} ${textIn(first.message, 'en')}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''}`,
      }
    : { zh: `${where.zh}有误`, en: `${where.en} is invalid` };
  throw new AppError('invalid', 'VALIDATION_FAILED', detail, { errors });
}
