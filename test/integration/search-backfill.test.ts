import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { DeleteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLocalApp } from '../../shared/local/local-app';
import type { Table } from '../../shared/store/table';
import { ensureAgency, reconsiderationBody, registerCase } from '../support/cases';
import { dynamoEndpoint, freshTable } from '../support/dynamo';
import { authHeader, call } from '../support/http';

const run = promisify(execFile);

let table: Table;
let app: ReturnType<typeof createLocalApp>;

beforeAll(async () => {
  table = await freshTable('search-backfill');
  app = createLocalApp({ table });
  await ensureAgency(app, 'market-regulation', '区市场监督管理局');
});

/** `npm run search:backfill` on the test table, as an operator runs it (without npm's banner). */
async function backfillCommand(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    // Without the test run's own AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: the command quiets the SDK itself.
    const { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: _quiet, ...env } = process.env;
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'shared/local/search-backfill.ts', ...args], {
      env: { ...env, DYNAMODB_ENDPOINT: dynamoEndpoint(), TABLE_NAME: table.name, AWS_REGION: 'local', AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' },
    });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const failed = error as { stdout: string; stderr: string; code: number };
    return { stdout: failed.stdout, stderr: failed.stderr, code: failed.code };
  }
}

async function dropSearchKeys(caseId: string): Promise<void> {
  const keys = await table.doc.send(
    new QueryCommand({ TableName: table.name, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :find)', ExpressionAttributeValues: { ':pk': `CASE#${caseId}`, ':find': 'FIND#' } }),
  );
  expect(keys.Items?.length).toBeGreaterThan(0);
  for (const item of keys.Items ?? []) await table.doc.send(new DeleteCommand({ TableName: table.name, Key: { pk: item.pk, sk: item.sk } }));
}

const search = async (q: string) =>
  ((await call(app, 'GET', `/cases?q=${encodeURIComponent(q)}`, { headers: await authHeader('legal-office') })).body as { items: { id: string }[] }).items.map((c) => c.id);

describe('npm run search:backfill (the search keys of a table written before search existed)', () => {
  it('writes the missing keys once, says so, and writes them again only with --force', async () => {
    const first = await registerCase(app, reconsiderationBody({ caseNumber: '潞复〔2020〕31号', parties: [{ role: 'applicant', name: '吴九' }] }));
    await dropSearchKeys(first.id);
    expect(await search('吴九')).toEqual([]);
    expect(await search('潞复〔2020〕3')).toEqual([]);

    const written = await backfillCommand();
    expect(written.code, written.stderr).toBe(0);
    // An operator reads the command's line, not the SDK's notice about Node 22 (shared/local/quiet-sdk.ts).
    expect(written.stderr).not.toMatch(/NodeVersionSupportWarning/);
    expect(written.stdout).toMatch(new RegExp(`^${table.name}: search keys written for \\d+ cases?\\n$`));
    expect(await search('吴九')).toEqual([first.id]);
    expect(await search('潞复〔2020〕3')).toEqual([first.id]);

    // A second run finds the marker and writes nothing: keys dropped meanwhile stay dropped…
    await dropSearchKeys(first.id);
    const again = await backfillCommand();
    expect(again.stdout).toMatch(/already written.*--force/);
    expect(await search('吴九')).toEqual([]);
    // …until --force (a table restored from a backup older than its keys).
    const forced = await backfillCommand('--force');
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout).toMatch(/search keys written for \d+ case/);
    expect(await search('吴九')).toEqual([first.id]);
  });

  it('with --aws, refuses to run without TABLE_NAME, and names it', async () => {
    const { code, stderr } = await (async () => {
      try {
        await run(process.execPath, ['--import', 'tsx', 'shared/local/search-backfill.ts', '--aws'], { env: { ...process.env, TABLE_NAME: '', DYNAMODB_ENDPOINT: '' } });
        return { code: 0, stderr: '' };
      } catch (error) {
        return error as { code: number; stderr: string };
      }
    })();
    expect(code).toBe(2);
    expect(stderr).toMatch(/TABLE_NAME/);
  });
});
