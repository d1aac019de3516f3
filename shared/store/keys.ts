/**
 * Item keys of the single table (see table-definition.ts for the indexes). One place, so the
 * layout can be read at a glance:
 *
 *   pk                          sk                  what
 *   AGENCY#<id>                 AGENCY              an agency              gsi1 AGENCY / <id>
 *   CASE#<id>                   CASE                a case                 gsi1 CASE / <receivedOn>#<id>
 *                                                                          gsi2 AGENCY#<agency>#CASE / <receivedOn>#<id>
 *                                                                          gsi3 CASE#OPEN|CASE#CLOSED / <receivedOn>#<id>
 *   CASE#<id>                   CASE#LINK#<other>   a case linked to this one (litigation arising from it)
 *   CASE#<id>                   HIST#<ulid>         an audit entry (append-only)
 *   CASE#<id>                   DL#<type>#<n>       an open deadline       gsi3 DUE / <dueOn>#<caseId>#<key>
 *                                                                          gsi2 AGENCY#<agency>#DUE / <dueOn>#<caseId>#<key>
 *                                                                          gsi1 SWEEP / <dueOn>#… until reported overdue
 *   HEARING#<id>                HEARING             a hearing              gsi1 HEARING / <utc time>#<id>
 *                                                                          gsi2 AGENCY#<agency>#HEARING / <utc time>#<id>
 *                                                                          gsi3 CASE#<case>#HEARING / <utc time>#<id>
 *   HEARING#<id>                DL#hearing-confirmation#<id>  its confirmation deadline while open (gsi3 DUE, gsi2)
 *   CALENDAR                    <year>              the office's schedule for a year
 *   ALERT#<type>|<case>|<key>|<dueOn>  ALERT        an alert the sweep raised  gsi1 ALERT / <raisedOn>#<id>
 *   REPORT#<month>              REPORT              a monthly report (月通报)  gsi1 REPORT / <month>
 *   STATS#<kind>#<agency|ALL>   Y#<year>|M#<month>|MD#<month>  statistics counters (MD: the month's days, `15:received`)
 *   STATSCI#<case>#<instance>   TRACKER             the held hearings of a case-instance
 *   STREAM#<eventId>#<part>     APPLIED             a stream record the aggregator applied (TTL 48 h)
 *   CASENO#<kind>#<number>      CASENO              the guard that keeps case numbers unique per kind
 *   IDEMPOTENCY#<hash>          IDEMPOTENCY         a stored response for an Idempotency-Key (TTL 24 h)
 *   SUBSCRIPTION#<id>           SUBSCRIPTION        a notification subscription  gsi1 SUBSCRIPTION / <id>
 *   DELIVERY#<msg id>           DELIVERY            one notice to one subscription (id from both: sent once; TTL 180 d)
 *                                                                          gsi1 DELIVERY / <createdAt>#<id>
 *                                                                          gsi2 DELIVERY#<status> / <createdAt>#<id>
 *                                                                          gsi3 DELIVERY#SUB#<subscription> / <createdAt>#<id>
 */
export const agencyKey = (id: string) => ({ pk: `AGENCY#${id}`, sk: 'AGENCY' });
export const caseKey = (id: string) => ({ pk: `CASE#${id}`, sk: 'CASE' });
export const linkKey = (caseId: string, linkedId: string) => ({ pk: `CASE#${caseId}`, sk: `CASE#LINK#${linkedId}` });
export const historySortKey = (ulid: string) => `HIST#${ulid}`;
export const hearingKey = (id: string) => ({ pk: `HEARING#${id}`, sk: 'HEARING' });
export const idempotencyKey = (hash: string) => ({ pk: `IDEMPOTENCY#${hash}`, sk: 'IDEMPOTENCY' });
export const subscriptionKey = (id: string) => ({ pk: `SUBSCRIPTION#${id}`, sk: 'SUBSCRIPTION' });
export const deliveryKey = (id: string) => ({ pk: `DELIVERY#${id}`, sk: 'DELIVERY' });

/**
 * Case numbers are compared after NFKC normalisation without spaces, so `（2024）晋0403行初15号`
 * and `(2024)晋0403行初15号` are the same number.
 */
export function normalizeCaseNumber(caseNumber: string): string {
  return caseNumber.normalize('NFKC').replace(/\s+/g, '');
}
export const caseNumberKey = (kind: string, caseNumber: string) => ({
  pk: `CASENO#${kind}#${normalizeCaseNumber(caseNumber)}`,
  sk: 'CASENO',
});

/** Attributes that exist for the table's sake and are never part of a domain object. */
export const KEY_ATTRIBUTES = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk', 'entity'];

export function stripKeys<T>(item: Record<string, unknown>): T {
  const copy: Record<string, unknown> = { ...item };
  for (const key of KEY_ATTRIBUTES) delete copy[key];
  return copy as T;
}
