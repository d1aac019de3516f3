import * as z from 'zod/mini';
import { codesOf, type Labels } from '../../domain/enums';
import { containsIdNumber, personalNumberIn } from '../../domain/personal-numbers';
import { localized } from '../validation';

/**
 * A schema built the first time it is asked for. Every request and response schema is one, so a
 * Lambda builds only the schemas of the routes it actually serves (a cold GET /cases/{caseId}
 * builds the case id pattern, not the twenty-branch action union); `GET /openapi.json` asks for
 * them all.
 */
export type Lazy<S> = () => S;

export function lazy<S>(build: () => S): Lazy<S> {
  let built: S | undefined;
  return () => (built ??= build());
}

/** A lazily built schema that is named in the OpenAPI document (components.schemas). */
export function named<S extends z.ZodMiniType>(id: string, build: () => S, description?: string): Lazy<S> {
  return lazy(() => {
    const schema = build();
    z.globalRegistry.add(schema, { id, ...(description ? { description } : {}) });
    return schema;
  });
}

export const enumOf = <T extends Labels>(labels: T) => z.enum(codesOf(labels));

/** Trimmed text of bounded length: every string a client sends has a limit. */
export const text = (max: number, min = 1) => z.string().check(z.trim(), z.minLength(min), z.maxLength(max));

/** The business dates the system means: a case, a step, a hearing or a window outside these is a typing error. */
export const FIRST_DATE = '1990-01-01';
export const LAST_DATE = '2099-12-31';
export const FIRST_YEAR = 1990;
export const LAST_YEAR = 2099;

const inRange = (date: string) => date >= FIRST_DATE && date <= LAST_DATE;

export const isoDate = lazy(() =>
  // abort: a malformed date (2025-02-30) is the format's error alone, not also the range's.
  z.iso
    .date({ abort: true })
    .check(
      z.refine(inRange, {
        error: localized({ zh: `日期应在${FIRST_DATE}至${LAST_DATE}之间`, en: `must be a date from ${FIRST_DATE} to ${LAST_DATE}` }),
      }),
    )
    .register(z.globalRegistry, {
      description: `A date YYYY-MM-DD from ${FIRST_DATE} to ${LAST_DATE}`,
      formatMinimum: FIRST_DATE,
      formatMaximum: LAST_DATE,
    }),
);

/** The date written in the datetime (its own offset) must be a business date too. */
export const isoDateTime = lazy(() =>
  z.iso
    .datetime({ offset: true, abort: true })
    .check(
      z.refine((value) => inRange(value.slice(0, 10)), {
        error: localized({
          zh: `日期应在${FIRST_DATE}至${LAST_DATE}之间`,
          en: `must be a datetime from ${FIRST_DATE} to ${LAST_DATE}`,
        }),
      }),
    )
    .register(z.globalRegistry, {
      description: `An RFC 3339 datetime with an offset, e.g. 2024-05-06T09:30:00+08:00, on a day from ${FIRST_DATE} to ${LAST_DATE}`,
    }),
);

/** A year of the calendar or of the statistics: the years of the business dates. */
export const Year = lazy(() =>
  z.coerce.number().check(
    z.int(),
    z.minimum(FIRST_YEAR, { error: localized({ zh: `年份应在${FIRST_YEAR}至${LAST_YEAR}之间`, en: `must be a year from ${FIRST_YEAR} to ${LAST_YEAR}` }) }),
    z.maximum(LAST_YEAR, { error: localized({ zh: `年份应在${FIRST_YEAR}至${LAST_YEAR}之间`, en: `must be a year from ${FIRST_YEAR} to ${LAST_YEAR}` }) }),
  ).register(z.globalRegistry, { description: `A year from ${FIRST_YEAR} to ${LAST_YEAR}` }),
);

const idNumberHere = localized({ zh: '请在当事人信息中填写身份证号', en: 'write resident ID numbers in the party record, not here' });
const mobileHere = localized({ zh: '请勿在此填写手机号码', en: 'do not write mobile phone numbers here' });

/**
 * Free text (a summary, a note, a reason's detail, a conclusion…): shown verbatim to the office
 * and to agency heads, so a resident ID number or a mobile number in it is refused (see
 * personal-numbers.ts); the party record is where an ID number belongs, masked.
 */
export const freeText = (max: number, min = 1) =>
  text(max, min)
    .check(
      z.refine((value) => personalNumberIn(value) !== 'id-number', { error: idNumberHere }),
      z.refine((value) => personalNumberIn(value) !== 'mobile', { error: mobileHere }),
    )
    .register(z.globalRegistry, {
      description: 'Free text: a resident ID number or a mobile phone number in it is refused (400)',
      'x-refuses': ['id-number', 'mobile'],
    });

/** A name (of a person, a court, an agency…): it may be anything but a resident ID number. */
export const nameText = (max: number, min = 1) =>
  text(max, min)
    .check(z.refine((value) => !containsIdNumber(value), { error: idNumberHere }))
    .register(z.globalRegistry, { description: 'A name: a resident ID number in it is refused (400)', 'x-refuses': ['id-number'] });

const Limit = lazy(() => z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(200)), 50));
const Cursor = lazy(() => z.optional(z.string().check(z.minLength(1), z.maxLength(2048))));

/** The `limit` and `cursor` query fields of every listing, to spread into its query schema. */
export const pageQuery = () => ({ limit: Limit(), cursor: Cursor() });

export const pageOf = <S extends z.ZodMiniType>(item: Lazy<S>) =>
  lazy(() => z.object({ items: z.array(item()), nextCursor: z.nullable(z.string()) }));

export const ProblemSchema = named(
  'Problem',
  () =>
    z.object({
      type: z.string(),
      title: z.string(),
      status: z.int(),
      detail: z.string(),
      code: z.string(),
      requestId: z.optional(z.string()),
      errors: z.optional(
        z.array(z.object({ in: z.enum(['body', 'query', 'path', 'header']), path: z.string(), message: z.string() })),
      ),
    }),
  'RFC 9457 problem details; `code` is stable, `errors` names each bad field. `title`, `detail` and every `errors[].message` are in Chinese, or in English when `Accept-Language` prefers en over zh; `code` is the same in both',
);
