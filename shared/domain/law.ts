import type { CaseKind, lawTexts } from './enums';
import type { Localized } from './errors';

/**
 * The law texts a case's periods follow. A module of its own so that cases.ts, deadlines.ts and
 * deadline-rules.ts can all name a text without importing one another in a circle.
 */
export type LawText = keyof typeof lawTexts;

/** 行政复议法第九十条: the 2023 text applies to applications received from 2024-01-01. */
export const RECONSIDERATION_LAW_2023_FROM = '2024-01-01';

export function lawFor(kind: CaseKind, receivedOn: string): LawText {
  if (kind === 'litigation') return 'litigation-law-2017';
  return receivedOn < RECONSIDERATION_LAW_2023_FROM ? 'reconsideration-law-2017' : 'reconsideration-law-2023';
}

/**
 * The article a case's periods are counted by (the start day not counted; a last day off moves to
 * the next working day). The 行政复议法 has no such article and refers to the 民事诉讼法 (2023 text
 * 第八十八条第一款, 2017 text 第四十条), whose 第八十五条 it is. The 行政诉讼法 has none either (its
 * 第一百零一条 refers to the 民事诉讼法 where it is silent), but the Supreme People's Court's
 * interpretation has its own: 行诉解释第四十八条, which litigation cites.
 */
export const countingBasis: Record<LawText, string> = {
  'reconsideration-law-2023': '民事诉讼法第八十五条',
  'reconsideration-law-2017': '民事诉讼法第八十五条',
  'litigation-law-2017': '行诉解释第四十八条',
  'litigation-interpretation-2018': '行诉解释第四十八条',
  'head-appearance-rules-2020': '行诉解释第四十八条',
};

/**
 * Why an application whose review ran out with no decision counts as accepted, and from when:
 * under the 2023 text from the review's last day (行政复议法第三十条第三款); under the 2017 text
 * from the day it was received (2017 text, 第十七条第二款).
 */
export function deemedAcceptance(law: LawText, review: { startsOn: string; endedOn: string }): Localized {
  if (law === 'reconsideration-law-2017') {
    return {
      zh: `期限届满未作出不予受理决定，依照行政复议法（2017）第十七条第二款，自收到申请之日${review.startsOn}起即为受理`,
      en: `no rejection within the review period: under the 2017 text (article 17, paragraph 2) the application counts as accepted from the day it was received, ${review.startsOn}`,
    };
  }
  return {
    zh: `期限届满未作出不予受理决定，自${review.endedOn}起视为受理（行政复议法第三十条第三款）`,
    en: `no rejection within the review period: the application counts as accepted from ${review.endedOn} (article 30, paragraph 3)`,
  };
}
