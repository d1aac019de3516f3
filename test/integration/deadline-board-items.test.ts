import { beforeAll, describe, expect, it } from 'vitest';
import { createLocalApp } from '../../shared/local/local-app';
import { act, ensureAgency, reconsiderationBody, registerCase } from '../support/cases';
import { movableClock } from '../support/clock';
import { freshTable } from '../support/dynamo';
import { authHeader, call } from '../support/http';

interface Deadline {
  type: string;
  key: string;
  startsOn: string;
  dueOn: string;
  status: string;
}

const clock = movableClock('2024-10-12T09:00:00+08:00');
let app: ReturnType<typeof createLocalApp>;

beforeAll(async () => {
  app = createLocalApp({ table: await freshTable('board-items'), clock });
  await ensureAgency(app, 'market-regulation');
});

async function boardOf(caseId: string): Promise<Deadline[]> {
  const res = await call(app, 'GET', '/deadlines?limit=200', { headers: await authHeader('legal-office') });
  expect(res.status, res.text).toBe(200);
  return (res.body as { items: (Deadline & { caseId: string })[] }).items.filter((e) => e.caseId === caseId);
}

describe('the board follows the case', () => {
  it('shows the decision period starting on the acceptance date recorded late, even when its due date does not move', async () => {
    // Received Friday 2024-09-27: the 5-working-day review ends 2024-10-10. Registered on 10-12,
    // the case is deemed accepted on 10-10 and the 60-day decision period runs to Monday 12-09.
    const created = await registerCase(app, reconsiderationBody({ receivedOn: '2024-09-27' }));
    const registered = (created.deadlines as Deadline[]).find((d) => d.type === 'decision');
    expect(registered).toMatchObject({ startsOn: '2024-10-10', dueOn: '2024-12-09' });
    expect((await boardOf(created.id)).find((e) => e.type === 'decision')).toMatchObject({ startsOn: '2024-10-10', dueOn: '2024-12-09' });

    // The ledger shows it was accepted on 10-08: the period now ends Saturday 12-07, which moves
    // to the next working day, Monday 12-09 — the same due date, a different start.
    const accepted = await act(app, created.id, { type: 'accept', on: '2024-10-08' });
    expect(accepted.status, accepted.text).toBe(200);
    const decision = (accepted.body as { deadlines: Deadline[] }).deadlines.find((d) => d.type === 'decision');
    expect(decision).toMatchObject({ startsOn: '2024-10-08', dueOn: '2024-12-09' });
    expect((await boardOf(created.id)).find((e) => e.type === 'decision')).toMatchObject({ startsOn: '2024-10-08', dueOn: '2024-12-09' });
  });
});
