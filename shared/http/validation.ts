import type * as z from 'zod/mini';
import { AppError, type FieldError } from '../domain/errors';

type Issue = z.core.$ZodIssue;
type Location = FieldError['in'];

const formatNames: Record<string, string> = {
  date: 'a date YYYY-MM-DD',
  datetime: 'a datetime with an offset, e.g. 2024-05-06T09:30:00+08:00',
  regex: 'in the expected format',
  ulid: 'an id',
};

/** `1 item`, `2 items` */
function count(n: number | bigint, noun: string): string {
  return `${String(n)} ${noun}${Number(n) === 1 ? '' : 's'}`;
}

function joinPath(path: readonly PropertyKey[]): string {
  return path.map((part) => String(part)).join('.');
}

/**
 * zod/mini ships no message texts (that is most of what makes it small), so messages are written
 * here from the issue codes: short, in English, naming what was expected.
 */
export function describeIssue(issue: Issue): string {
  if (issue.message && issue.message !== 'Invalid input') return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'is required' : `expected ${issue.expected}`;
    case 'invalid_value':
      return `must be one of: ${issue.values.map((v) => String(v)).join(', ')}`;
    case 'invalid_format':
      return `must be ${formatNames[issue.format] ?? issue.format}`;
    case 'too_small':
      return issue.origin === 'string'
        ? `must be at least ${count(issue.minimum, 'character')}`
        : issue.origin === 'array'
          ? `must have at least ${count(issue.minimum, 'item')}`
          : `must be ${issue.inclusive === false ? 'greater than' : 'at least'} ${String(issue.minimum)}`;
    case 'too_big':
      return issue.origin === 'string'
        ? `must be at most ${count(issue.maximum, 'character')}`
        : issue.origin === 'array'
          ? `must have at most ${count(issue.maximum, 'item')}`
          : `must be ${issue.inclusive === false ? 'less than' : 'at most'} ${String(issue.maximum)}`;
    case 'invalid_union':
      return 'matches none of the allowed shapes';
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}`;
    default:
      return 'is invalid';
  }
}

/** One field error per bad field; an unknown key is reported at its own path. */
export function fieldErrors(issues: readonly Issue[], location: Location): FieldError[] {
  const errors: FieldError[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        errors.push({ in: location, path: joinPath([...issue.path, key]), message: 'unknown field' });
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

const whereLabel: Record<Location, string> = {
  body: 'the request body',
  query: 'the query string',
  path: 'the path',
  header: 'a header',
};

export function parseOrThrow<S extends z.ZodMiniType>(schema: S, input: unknown, location: Location): z.output<S> {
  // reportInput lets a missing field say "is required" rather than "expected string"; the input itself is never echoed.
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) return result.data;
  const errors = fieldErrors(result.error.issues, location);
  const first = errors[0];
  const detail = first
    ? `${whereLabel[location]} is invalid: ${first.path || '(root)'} ${first.message}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''}`
    : `${whereLabel[location]} is invalid`;
  throw new AppError('invalid', 'VALIDATION_FAILED', detail, { errors });
}
