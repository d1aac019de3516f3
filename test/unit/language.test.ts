import { describe, expect, it } from 'vitest';
import { languageOf } from '../../shared/http/language';

describe('the language of the texts follows Accept-Language: Chinese unless English is preferred', () => {
  it.each([
    [undefined, 'zh'],
    ['', 'zh'],
    ['zh-CN,zh;q=0.9', 'zh'],
    ['en', 'en'],
    ['en-US', 'en'],
    ['EN-gb', 'en'],
    ['en-US,en;q=0.9', 'en'],
    ['en, zh', 'en'],
    ['zh, en', 'zh'],
    ['zh;q=0.5, en', 'en'],
    ['en;q=0.5, zh', 'zh'],
    ['zh-CN,zh;q=0.9,en;q=0.8', 'zh'],
    ['en;q=0.8, zh;q=0.8', 'en'],
    ['en;q=0', 'zh'],
    ['de, en;q=0.5', 'en'],
    ['de, fr', 'zh'],
    ['*', 'zh'],
    ['ja, *;q=0.1', 'zh'],
    ['en;q=abc', 'zh'],
    ['english', 'zh'],
  ] as const)('%j → %s', (header, language) => {
    expect(languageOf(header)).toBe(language);
  });
});
