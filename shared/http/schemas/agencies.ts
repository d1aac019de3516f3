import * as z from 'zod/mini';
import { lazy, named, text } from './common';

export const AgencyId = lazy(() =>
  z.string().check(z.regex(/^[a-z][a-z0-9-]{1,39}$/, 'must be a slug: lowercase letters, digits and hyphens, 2–40 characters')),
);

export const NewAgency = named(
  'NewAgency',
  () =>
    z.strictObject({
      id: AgencyId(),
      name: text(100),
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
