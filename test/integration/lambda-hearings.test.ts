import { beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../shared/domain/clock';
import { createLocalApp } from '../../shared/local/local-app';
import { ensureAgency, litigationBody, registerCase } from '../support/cases';
import { freshTable } from '../support/dynamo';
import { forCase, forHearing, lambdaContext, loadHandler, sampleEvent, type ApiHandler } from '../support/lambda';

let hearings: ApiHandler;
let caseId: string;

beforeAll(async () => {
  const table = await freshTable('lambda-hearings');
  const app = createLocalApp({ table, clock: fixedClock('2025-03-01T02:00:00Z') });
  await ensureAgency(app, 'market-regulation');
  caseId = (await registerCase(app, litigationBody({ receivedOn: '2025-02-20', filedOn: '2025-02-18' }))).id;
  hearings = await loadHandler('api-hearings', table);
});

describe('api-hearings Lambda with the sample events', () => {
  it('schedules, lists and takes the agency head’s confirmation', async () => {
    const scheduled = await hearings(forCase(await sampleEvent('api-hearings-schedule.json'), caseId), lambdaContext);
    expect(scheduled.statusCode).toBe(201);
    const id = JSON.parse(scheduled.body ?? '').id as string;
    const listed = await hearings(await sampleEvent('api-hearings-list.json'), lambdaContext);
    expect(JSON.parse(listed.body ?? '').items.map((h: { id: string }) => h.id)).toContain(id);
    // The sample's hearing is on 2025-03-14; the test runs later, so confirming now is too late.
    const confirmed = await hearings(forHearing(await sampleEvent('api-hearings-confirm.json'), id), lambdaContext);
    expect(confirmed.statusCode).toBe(409);
    expect(JSON.parse(confirmed.body ?? '')).toMatchObject({ code: 'HEARING_STARTED' });
  });

  it('hides another agency’s hearing from the head in the sample event', async () => {
    const event = forHearing(await sampleEvent('api-hearings-confirm.json'), '01JBCE7K2M3N4P5Q6R7S8T9V0X');
    expect((await hearings(event, lambdaContext)).statusCode).toBe(404);
  });
});
