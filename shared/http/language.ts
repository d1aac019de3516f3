import type { Language } from '../domain/errors';

/**
 * The language of the texts a client reads (problem details, field messages): Chinese, the clerks'
 * language, unless `Accept-Language` prefers English over Chinese. Each range's q-value counts
 * (`zh;q=0.5, en` is English, `en;q=0.5, zh` Chinese); on equal q-values the range listed first
 * wins (`en, zh` is English). `en-US`, `en-GB`… are English and `zh-CN`, `zh-Hans`… Chinese; `*`
 * and any other language leave the default, Chinese. A malformed header is Chinese too.
 */
export function languageOf(acceptLanguage: string | undefined): Language {
  if (!acceptLanguage) return 'zh';
  let en: { q: number; at: number } | undefined;
  let zh: { q: number; at: number } | undefined;
  acceptLanguage.split(',').forEach((part, at) => {
    const [range = '', ...parameters] = part.split(';').map((piece) => piece.trim().toLowerCase());
    const primary = range.split('-')[0];
    if (primary !== 'en' && primary !== 'zh') return;
    const qParameter = parameters.find((parameter) => /^q\s*=/.test(parameter));
    const q = qParameter === undefined ? 1 : Number(qParameter.replace(/^q\s*=\s*/, ''));
    if (!Number.isFinite(q) || q <= 0 || q > 1) return;
    const best = primary === 'en' ? en : zh;
    if (best && best.q >= q) return;
    if (primary === 'en') en = { q, at };
    else zh = { q, at };
  });
  if (!en) return 'zh';
  if (!zh) return 'en';
  return en.q > zh.q || (en.q === zh.q && en.at < zh.at) ? 'en' : 'zh';
}
