/**
 * The console's server time next to the JSON route serving the same data, in-process on one
 * table (DynamoDB Local): the case page next to GET /cases/{caseId}, its history and the agencies,
 * the case list next to GET /cases and the agencies (the data each page shows). Both sides are the same local app (the console and the API share the process in
 * `npm start`), so the ratio is what rendering HTML from the use cases costs over JSON.
 */
import { signLocalToken } from '../shared/auth/local-jwt';
import { createLocalApp } from '../shared/local/local-app';
import type { Table } from '../shared/store/table';
import { Visitor } from '../test/support/console';
import { SAMPLE_CASE } from './fixtures';
import { percentile, round } from './stats';

export interface ConsoleTiming {
  p50Ms: number;
  jsonP50Ms: number;
  ratio: number;
  htmlBytes: number;
}

export async function measureConsole(table: Table, calls = 200, warmUp = 50): Promise<Record<string, ConsoleTiming>> {
  const app = createLocalApp({ table });
  const visitor = new Visitor(app);
  const signedIn = await visitor.signIn('legal-office', '王芳');
  if (signedIn.status !== 303) throw new Error(`console sign-in answered ${signedIn.status}`);
  const token = await signLocalToken({ role: 'legal-office', name: '王芳' });
  const json = (path: string) => app.request(`http://localhost${path}`, { headers: { authorization: `Bearer ${token}` } });

  // The JSON side fetches what the page shows, side by side as a client would: the case page shows
  // the case, its history and the agencies' names; the list 25 cases and the agencies' names.
  const pairs = [
    { name: 'case page', page: `/console/cases/${SAMPLE_CASE}`, routes: [`/cases/${SAMPLE_CASE}`, `/cases/${SAMPLE_CASE}/history?limit=100`, '/agencies?limit=200'] },
    { name: 'case list', page: '/console/cases', routes: ['/cases?limit=25', '/agencies?limit=200'] },
  ];
  const out: Record<string, ConsoleTiming> = {};
  for (const pair of pairs) {
    const page: number[] = [];
    const route: number[] = [];
    let htmlBytes = 0;
    for (let i = -warmUp; i < calls; i++) {
      // Alternate the two sides, so that a slow moment of the machine weighs on both alike.
      let started = performance.now();
      const html = await visitor.get(pair.page);
      const pageMs = performance.now() - started;
      if (html.status !== 200) throw new Error(`${pair.page} answered ${html.status}`);
      started = performance.now();
      const answers = await Promise.all(pair.routes.map(async (route) => {
        const res = await json(route);
        await res.text();
        return { route, status: res.status };
      }));
      const routeMs = performance.now() - started;
      for (const a of answers) if (a.status !== 200) throw new Error(`${a.route} answered ${a.status}`);
      if (i >= 0) {
        page.push(pageMs);
        route.push(routeMs);
      }
      htmlBytes = Buffer.byteLength(html.text);
    }
    const p50 = percentile(page, 50);
    const jsonP50 = percentile(route, 50);
    out[pair.name] = { p50Ms: round(p50, 2), jsonP50Ms: round(jsonP50, 2), ratio: round(p50 / jsonP50), htmlBytes };
  }
  return out;
}
