import * as z from 'zod/mini';
import { describe, expect, it } from 'vitest';
import en from 'zod/v4/locales/en.js';
import { AppError } from '../../shared/domain/errors';
import { localized, parseOrThrow } from '../../shared/http/validation';

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
      { in: 'body', path: 'receivedOn', message: { zh: '应为日期 YYYY-MM-DD', en: 'must be a date YYYY-MM-DD' } },
    ]);
  });

  it('reports unknown fields at their own path, also inside arrays', () => {
    const errors = errorsOf({ receivedOn: '2024-01-02', count: 1, kind: 'litigation', parties: [{ name: 'a', x: 1 }], y: 2 });
    expect(errors?.map((e) => e.path).sort()).toEqual(['parties.0.x', 'y']);
  });

  it('reports a missing field as required and a wrong enum with its choices', () => {
    const errors = errorsOf({ count: 0, kind: 'civil', parties: [] });
    expect(errors).toContainEqual({ in: 'body', path: 'receivedOn', message: { zh: '必填', en: 'is required' } });
    expect(errors).toContainEqual({
      in: 'body',
      path: 'kind',
      message: { zh: '应为以下之一：reconsideration、litigation', en: 'must be one of: reconsideration, litigation' },
    });
    expect(errors).toContainEqual({ in: 'body', path: 'count', message: { zh: '不得小于1', en: 'must be at least 1' } });
  });

  it('keeps its own words when another library installs zod’s English locale for the whole process', () => {
    // playwright-core's bundled zod does this on globalThis, where every copy of zod reads it.
    z.config(en());
    try {
      expect(errorsOf({ count: 0, kind: 'civil', parties: [] })).toContainEqual({ in: 'body', path: 'receivedOn', message: { zh: '必填', en: 'is required' } });
    } finally {
      z.config({ localeError: undefined });
    }
  });

  it('reports an oversized string with its limit', () => {
    expect(errorsOf({ receivedOn: '2024-01-02', count: 1, kind: 'litigation', parties: [{ name: '张三李四王五' }] })).toEqual([
      { in: 'body', path: 'parties.0.name', message: { zh: '至多4个字符', en: 'must be at most 4 characters' } },
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
        if (error instanceof AppError) return error.errors?.map((e) => `${e.path} ${e.message.en} / ${e.message.zh}`);
      }
      throw new Error('expected a validation error');
    };
    expect(messagesOf({ tags: [], code: '' })).toEqual(['tags must have at least 1 item / 至少1项', 'code must be at least 1 character / 至少1个字符']);
    expect(messagesOf({ tags: ['a', 'b', 'c'], code: 'ab' })).toEqual([
      'tags must have at most 2 items / 至多2项',
      'code must be at most 1 character / 至多1个字符',
    ]);
  });

  it('reports a non-object body at the root', () => {
    expect(errorsOf([1, 2])).toEqual([{ in: 'body', path: '', message: { zh: '应为对象', en: 'expected object' } }]);
  });

  it('reports an unknown field as 未知字段 / unknown field', () => {
    expect(errorsOf({ receivedOn: '2024-01-02', count: 1, kind: 'litigation', parties: [], extra: 1 })).toEqual([
      { in: 'body', path: 'extra', message: { zh: '未知字段', en: 'unknown field' } },
    ]);
  });

  it('gives the detail in both languages, naming the first bad field and how many more there are', () => {
    try {
      parseOrThrow(schema, { count: 0, kind: 'litigation', parties: [] }, 'body');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).detail).toEqual({
        zh: '请求正文有误：receivedOn 必填（另有1处）',
        en: 'the request body is invalid: receivedOn is required (and 1 more)',
      });
    }
  });

  it('keeps the texts a schema gives itself in both languages (localized)', () => {
    const slug = z.strictObject({ id: z.string().check(z.regex(/^[a-z]+$/, localized({ zh: '应为小写字母', en: 'must be lowercase letters' }))) });
    try {
      parseOrThrow(slug, { id: 'ABC' }, 'path');
      expect.unreachable();
    } catch (error) {
      expect((error as AppError).errors).toEqual([{ in: 'path', path: 'id', message: { zh: '应为小写字母', en: 'must be lowercase letters' } }]);
    }
  });
});
