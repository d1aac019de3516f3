import * as z from 'zod/mini';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/domain/errors';
import { parseOrThrow } from '../../shared/http/validation';

const schema = z.strictObject({
  receivedOn: z.iso.date(),
  count: z.int().check(z.minimum(1)),
  kind: z.enum(['reconsideration', 'litigation']),
  parties: z.array(z.strictObject({ name: z.string().check(z.maxLength(4)) })),
});

function errorsOf(input: unknown) {
  try {
    parseOrThrow(schema, input, 'body');
  } catch (error) {
    if (error instanceof AppError) return error.errors;
  }
  throw new Error('expected a validation error');
}

describe('validation errors name each bad field', () => {
  it('reports an impossible date such as 2025-02-30', () => {
    expect(errorsOf({ receivedOn: '2025-02-30', count: 1, kind: 'litigation', parties: [] })).toEqual([
      { in: 'body', path: 'receivedOn', message: 'must be a date YYYY-MM-DD' },
    ]);
  });

  it('reports unknown fields at their own path, also inside arrays', () => {
    const errors = errorsOf({ receivedOn: '2024-01-02', count: 1, kind: 'litigation', parties: [{ name: 'a', x: 1 }], y: 2 });
    expect(errors?.map((e) => e.path).sort()).toEqual(['parties.0.x', 'y']);
  });

  it('reports a missing field as required and a wrong enum with its choices', () => {
    const errors = errorsOf({ count: 0, kind: 'civil', parties: [] });
    expect(errors).toContainEqual({ in: 'body', path: 'receivedOn', message: 'is required' });
    expect(errors).toContainEqual({ in: 'body', path: 'kind', message: 'must be one of: reconsideration, litigation' });
    expect(errors).toContainEqual({ in: 'body', path: 'count', message: 'must be at least 1' });
  });

  it('reports an oversized string with its limit', () => {
    expect(errorsOf({ receivedOn: '2024-01-02', count: 1, kind: 'litigation', parties: [{ name: '张三李四王五' }] })).toEqual([
      { in: 'body', path: 'parties.0.name', message: 'must be at most 4 characters' },
    ]);
  });

  it('counts in words that agree: 1 item, 1 character, 2 items', () => {
    const limits = z.strictObject({
      tags: z.array(z.string()).check(z.minLength(1), z.maxLength(2)),
      code: z.string().check(z.minLength(1), z.maxLength(1)),
    });
    const messagesOf = (input: unknown) => {
      try {
        parseOrThrow(limits, input, 'body');
      } catch (error) {
        if (error instanceof AppError) return error.errors?.map((e) => `${e.path} ${e.message}`);
      }
      throw new Error('expected a validation error');
    };
    expect(messagesOf({ tags: [], code: '' })).toEqual(['tags must have at least 1 item', 'code must be at least 1 character']);
    expect(messagesOf({ tags: ['a', 'b', 'c'], code: 'ab' })).toEqual(['tags must have at most 2 items', 'code must be at most 1 character']);
  });

  it('reports a non-object body at the root', () => {
    expect(errorsOf([1, 2])).toEqual([{ in: 'body', path: '', message: 'expected object' }]);
  });
});
