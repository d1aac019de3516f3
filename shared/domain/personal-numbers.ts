/**
 * Personal numbers typed into text that is not meant for them. Free text (a case's summary, a
 * step's note, a reason's detail…) is shown verbatim to the office and to agency heads, so a
 * resident ID number or a mobile number written there would leak what the party record keeps
 * masked. What is searched for:
 *
 * - a resident ID number: 18 characters (a 6-digit region code starting 1–9, a birth date
 *   18xx/19xx/20xx with a possible month and day, 3 digits and a digit or X/x) or the old
 *   15-digit form (region code, a 6-digit birth date yymmdd, 3 digits); whether the check character
 *   is right does not matter (a mistyped number is as personal as a right one);
 * - a mobile number: 11 digits 1[3-9]…, spaces or hyphens between the digits allowed, after an
 *   optional +86 / 0086 / 86.
 *
 * A number standing inside a longer run of digits is neither (so an amount such as 1380013800000
 * or a decimal is not a phone number), nor is a number followed by 元, 万 or 亿 (an amount). Case
 * numbers such as (2024)晋0403行初15号, dates and ordinary amounts have no such run and pass.
 * Full-width digits (１３８…, typed with a Chinese input method) count as digits.
 */
export type PersonalNumber = 'id-number' | 'mobile';

const REGION = '[1-9]\\d{5}';
const MONTH = '(?:0[1-9]|1[0-2])';
const DAY = '(?:0[1-9]|[12]\\d|3[01])';
const ID_18 = `${REGION}(?:18|19|20)\\d{2}${MONTH}${DAY}\\d{3}[\\dXx]`;
const ID_15 = `${REGION}\\d{2}${MONTH}${DAY}\\d{3}`;
const ID_NUMBER = new RegExp(`(?<![\\d.])(?:${ID_18}|${ID_15})(?![\\d])`);

const SEPARATOR = '[\\s\\-‐－—]?';
const MOBILE = new RegExp(
  `(?<![\\d.,])(?:(?:\\+|00)?86${SEPARATOR})?1${SEPARATOR}[3-9](?:${SEPARATOR}\\d){9}(?![\\d]|[.,]\\d|\\s*[元万亿])`,
);

/** Full-width digits and X as their ASCII forms, so that what a Chinese input method types is found too. */
function halfWidth(text: string): string {
  return text.replace(/[\uff10-\uff19\uff38\uff58\uff0b]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

/** The first kind of personal number the text contains, if any. */
export function personalNumberIn(text: string): PersonalNumber | undefined {
  const normalized = halfWidth(text);
  if (ID_NUMBER.test(normalized)) return 'id-number';
  if (MOBILE.test(normalized)) return 'mobile';
  return undefined;
}

/** Whether the text contains something shaped like a resident ID number. */
export function containsIdNumber(text: string): boolean {
  return ID_NUMBER.test(halfWidth(text));
}
