import * as z from 'zod/mini';
import { lazy, named, nameText } from './common';
import { localized } from '../validation';

export const AgencyId = lazy(() =>
  z.string().check(z.regex(
      /^[a-z][a-z0-9-]{1,39}$/,
      localized({
        zh: '应为2–40个字符的简称：小写字母开头，只含小写字母、数字和连字符',
        en: 'must be a slug: lowercase letters, digits and hyphens, 2–40 characters',
      }),
    )),
);

export const NewAgency = named(
  'NewAgency',
  () =>
    z.strictObject({
      id: AgencyId(),
      name: nameText(100),
    }),
  'An agency of the district (the respondent or defendant of cases)',
);

export const AgencySchema = named('Agency', () =>
  z.object({
    id: z.string(),
    name: z.string(),
    version: z.int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  }),
);
