import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalApp } from '../../shared/local/local-app';
import { ensureAgency, litigationBody, registerCase, uniqueNumber } from '../support/cases';
import { movableClock } from '../support/clock';
import { freshTable } from '../support/dynamo';
import { authHeader, call } from '../support/http';

/**
 * The console in Debian's Chromium, driven by playwright-core, against a server started here
 * (the local app on a free port, DynamoDB Local underneath). Screenshots of the main pages go to
 * .screenshots/ (git-ignored), with the bytes each page weighs.
 */
const SHOTS = '.screenshots';
const clock = movableClock('2024-09-30T09:00:00+08:00');
let app: ReturnType<typeof createLocalApp>;
let server: ServerType;
let base: string;
let browser: Browser;
let hearingA: string;
let caseA: string;
const sizes: Record<string, { html: number; css: number; script: number }> = {};
const axeSource = readFileSync('node_modules/axe-core/axe.min.js', 'utf8');

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  app = createLocalApp({ table: await freshTable('browser'), clock });
  await ensureAgency(app, 'market-regulation', '区市场监督管理局');
  await ensureAgency(app, 'public-security', '区公安分局');
  caseA = (await registerCase(app, litigationBody({ receivedOn: '2024-09-20', filedOn: '2024-09-18' }))).id;
  const hearing = await call(app, 'POST', `/cases/${caseA}/hearings`, {
    headers: await authHeader('legal-office'),
    body: { scheduledAt: '2024-10-18T09:30:00+08:00', court: '潞州区人民法院', courtroom: '第三法庭', kind: 'court' },
  });
  hearingA = (hearing.body as { id: string }).id;
  server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  base = `http://localhost:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}, 180_000);

afterAll(async () => {
  writeFileSync(`${SHOTS}/sizes.json`, `${JSON.stringify(sizes, null, 2)}\n`);
  await browser?.close();
  server?.close();
});

/** A fresh browser context whose page records the bytes it loads and any CSP violation. */
async function open(viewport = { width: 1280, height: 900 }): Promise<{ context: BrowserContext; page: Page; violations: string[] }> {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', ...(viewport.width < 500 ? { isMobile: true, hasTouch: true } : {}) });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  return { context, page, violations };
}

async function signIn(page: Page, role: string, name: string, agencyId?: string): Promise<void> {
  await page.goto(`${base}/login`);
  await page.getByLabel('角色').selectOption(role);
  if (agencyId) await page.getByLabel('机关').fill(agencyId);
  await page.getByLabel('姓名').fill(name);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

/** Bytes of the page's HTML and of the styles and scripts it loads. */
async function weigh(page: Page, name: string): Promise<void> {
  const html = Buffer.byteLength(await page.content());
  const resources = await page.evaluate(() =>
    performance.getEntriesByType('resource').map((entry) => {
      const r = entry as unknown as { name: string; initiatorType: string; decodedBodySize: number };
      return { name: r.name, type: r.initiatorType, size: r.decodedBodySize };
    }),
  );
  const css = resources.filter((r) => r.type === 'link' || r.name.endsWith('.css')).reduce((n, r) => n + r.size, 0);
  const script = resources.filter((r) => r.type === 'script').reduce((n, r) => n + r.size, 0);
  sizes[name] = { html, css, script };
}

async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
  await weigh(page, name);
}

/** axe-core run through Playwright's evaluate (outside the page's CSP); the serious and critical findings. */
async function axe(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  const found = await page.evaluate(async () => {
    const result = await (globalThis as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe.run();
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => n.target.join(' ')).slice(0, 3) }));
  });
  return found.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.targets.join(', ')}`);
}

describe('the console in Chromium', () => {
  it('signs in as each role and lands on that role’s page', async () => {
    const { context, page, violations } = await open();
    await page.goto(`${base}/`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await shoot(page, 'login');
    expect(await axe(page)).toEqual([]);

    await signIn(page, 'legal-office', '王芳');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('今日工作');
    await shoot(page, 'office-home');
    expect(await axe(page)).toEqual([]);
    await page.getByRole('button', { name: '退出' }).click();
    await page.waitForURL(/\/login/);

    await signIn(page, 'agency-head', '李局长', 'market-regulation');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('待确认出庭');
    await page.getByRole('button', { name: '退出' }).click();
    await page.waitForURL(/\/login/);

    await signIn(page, 'stats-reader', '统计员');
    await page.waitForURL(/\/console\/statistics/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('统计');
    expect(violations).toEqual([]);
    await context.close();
  });

  it('registers a case through the form and shows its acceptance-review deadline with the explanation, then records a step', async () => {
    const { context, page, violations } = await open();
    await signIn(page, 'legal-office', '王芳');
    await page.goto(`${base}/console/cases/new`);
    await shoot(page, 'register');
    expect(await axe(page)).toEqual([]);

    // Sent empty first: the error summary links to each field.
    await page.getByRole('button', { name: '登记' }).click();
    await expect(page.locator('.error-summary').isVisible()).resolves.toBe(true);
    await expect(page.locator('.error-summary').textContent()).resolves.toContain('案号：必填');
    await expect(page.locator('.error-summary').textContent()).resolves.not.toMatch(/Invalid|expected/);
    await shoot(page, 'register-errors');
    expect(await axe(page)).toEqual([]);

    await page.getByLabel('行政复议').check();
    await page.getByLabel('案号').fill(uniqueNumber());
    await page.getByLabel('机关', { exact: true }).selectOption('market-regulation');
    await page.getByLabel('收到日期').fill('2024-09-27');
    await page.getByLabel('当事人', { exact: true }).fill('<script>alert(1)</script>');
    await page.getByRole('button', { name: '登记' }).click();
    await page.waitForURL(/\/console\/cases\/[0-9A-Z]{26}/);
    const deadlines = page.locator('#deadlines');
    await expect(deadlines.textContent()).resolves.toContain('受理审查期限');
    await expect(deadlines.textContent()).resolves.toContain('2024-10-10');
    await deadlines.locator('summary', { hasText: '计算过程' }).first().click();
    await deadlines.locator('.explanation').first().waitFor({ state: 'visible' });
    // The party's name is text, not markup.
    await expect(page.locator('.party-name').first().textContent()).resolves.toBe('<script>alert(1)</script>');
    await shoot(page, 'case');
    expect(await axe(page)).toEqual([]);

    await page.getByText('受理', { exact: true }).click();
    await page.getByRole('button', { name: '记录“受理”' }).click();
    await page.waitForURL(/done=step/);
    await expect(page.locator('ol.timeline').textContent()).resolves.toContain('2024-09-30 受理');
    await expect(deadlines.textContent()).resolves.toContain('发送申请书副本期限');
    expect(violations).toEqual([]);
    await context.close();
  });

  it('registers a case with the keyboard alone', async () => {
    const { context, page } = await open();
    await signIn(page, 'legal-office', '王芳');
    await page.goto(`${base}/console/cases/new`);
    const tabTo = async (test: (el: { name: string; text: string }) => boolean) => {
      for (let i = 0; i < 80; i++) {
        await page.keyboard.press('Tab');
        const active = await page.evaluate(() => {
          const doc = (globalThis as unknown as { document: { activeElement: { name?: string; textContent: string | null } | null } }).document;
          const el = doc.activeElement;
          return { name: el?.name ?? '', text: el?.textContent ?? '' };
        });
        if (test(active)) return;
      }
      throw new Error('never reached the field');
    };
    const caseNumber = uniqueNumber();
    await tabTo((el) => el.name === 'kind');
    await page.keyboard.press('Space');
    await tabTo((el) => el.name === 'caseNumber');
    await page.keyboard.type(caseNumber);
    await tabTo((el) => el.name === 'agencyId');
    await page.keyboard.press('ArrowDown');
    await tabTo((el) => el.name === 'receivedOn');
    await page.keyboard.type('2024-09-27');
    await tabTo((el) => el.name === 'parties.0.name');
    await page.keyboard.type('张三');
    await tabTo((el) => el.text === '登记');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/console\/cases\/[0-9A-Z]{26}/);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain(caseNumber);
    await context.close();
  });

  it('lets an agency head confirm on a phone (390×844)', async () => {
    const { context, page, violations } = await open({ width: 390, height: 844 });
    await signIn(page, 'agency-head', '李局长', 'market-regulation');
    await shoot(page, 'head-home-phone');
    expect(await axe(page)).toEqual([]);
    const card = page.locator('.cards > li').filter({ hasText: '潞州区人民法院' }).first();
    await card.getByRole('button', { name: '本人出庭' }).tap();
    await page.waitForURL(/done=confirmed/);
    await expect(page.locator('.notice').textContent()).resolves.toContain('出庭确认已保存');
    await shoot(page, 'head-confirmed-phone');
    const hearing = await call(app, 'GET', `/hearings/${hearingA}`, { headers: await authHeader('legal-office') });
    expect((hearing.body as { confirmation: { attendance: string } | null }).confirmation?.attendance).toBe('head');
    // The agency's cases on the phone too.
    await page.goto(`${base}/console/cases`);
    await expect(page.locator('main').textContent()).resolves.toContain('本机关案件');
    await shoot(page, 'head-cases-phone');
    expect(violations).toEqual([]);
    await context.close();
  });

  it('never shows the head of agency B a case or hearing of agency A', async () => {
    const { context, page } = await open({ width: 390, height: 844 });
    await signIn(page, 'agency-head', '赵局长', 'public-security');
    const caseResponse = await page.goto(`${base}/console/cases/${caseA}`);
    expect(caseResponse?.status()).toBe(404);
    const hearingResponse = await page.goto(`${base}/console/hearings/${hearingA}`);
    expect(hearingResponse?.status()).toBe(404);
    await context.close();
  });

  it('shows the statistics with their charts', async () => {
    const { context, page, violations } = await open();
    await signIn(page, 'stats-reader', '统计员');
    await page.goto(`${base}/console/statistics?from=2024-01-01&to=2024-12-31`);
    await expect(page.locator('svg.chart').count()).resolves.toBeGreaterThanOrEqual(5);
    await expect(page.getByRole('img', { name: '行政复议：每月收案与审结' }).isVisible()).resolves.toBe(true);
    await shoot(page, 'statistics');
    expect(await axe(page)).toEqual([]);
    expect(violations).toEqual([]);
    await context.close();
  });

  it('has no serious or critical accessibility finding on the legal office’s other pages', async () => {
    const { context, page, violations } = await open();
    await signIn(page, 'legal-office', '王芳');
    for (const [name, path] of [
      ['cases', '/console/cases'],
      ['deadlines', '/console/deadlines'],
      ['hearings-month', '/console/hearings?month=2024-10'],
      ['hearing', `/console/hearings/${hearingA}`],
      ['agencies', '/console/agencies'],
      ['calendar', '/console/calendar?year=2024'],
      ['subscriptions', '/console/subscriptions'],
      ['litigation-case', `/console/cases/${caseA}`],
    ] as const) {
      const response = await page.goto(`${base}${path}`);
      expect(response?.status(), path).toBe(200);
      await shoot(page, name);
      expect(await axe(page), path).toEqual([]);
    }
    expect(violations).toEqual([]);
    await context.close();
  });

  it('lets an agency head generate the calendar subscription link on a phone (390×844)', async () => {
    const { context, page, violations } = await open({ width: 390, height: 844 });
    await signIn(page, 'agency-head', '李局长', 'market-regulation');
    await page.getByRole('button', { name: '生成订阅链接' }).tap();
    await page.locator('#feed-url').waitFor({ state: 'visible' });
    const url = (await page.locator('#feed-url').textContent())?.trim() ?? '';
    expect(url).toMatch(new RegExp(`^${base}/hearings\\.ics\\?agencyId=market-regulation&token=[\\w-]{20,}$`));
    await expect(page.locator('main').textContent()).resolves.toContain('只显示这一次');
    // The link fits the phone's width (no sideways scrolling).
    const width = await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await shoot(page, 'head-feed-link-phone');
    expect(await axe(page)).toEqual([]);
    const feed = await call(app, 'GET', url.slice(base.length));
    expect(feed.status).toBe(200);
    expect(feed.text).toContain('BEGIN:VCALENDAR');
    expect(violations).toEqual([]);
    await context.close();
  });

  it('adds a webhook subscription and shows its signing secret once', async () => {
    const { context, page, violations } = await open();
    await signIn(page, 'legal-office', '王芳');
    await page.getByRole('link', { name: '通知订阅' }).click();
    await page.waitForURL(/\/console\/subscriptions$/);
    // Sent empty first: the errors sit beside their fields.
    await page.getByLabel('期限临近').uncheck();
    await page.getByLabel('期限已逾期').uncheck();
    await page.getByLabel('出庭人员未确认').uncheck();
    await page.getByLabel('视为受理').uncheck();
    await page.getByRole('button', { name: '添加订阅' }).click();
    await expect(page.locator('.error-summary').textContent()).resolves.toContain('提醒事项');
    await shoot(page, 'subscriptions-errors');
    expect(await axe(page)).toEqual([]);

    await page.getByLabel('渠道').selectOption('webhook');
    await page.getByLabel('接收地址').fill('http://127.0.0.1:9/case-tracker-hook');
    await page.getByLabel('期限已逾期').check();
    await page.getByLabel('出庭人员未确认').check();
    await page.getByRole('button', { name: '添加订阅' }).click();
    await page.locator('#signing-secret').waitFor({ state: 'visible' });
    const secret = (await page.locator('#signing-secret').textContent())?.trim() ?? '';
    expect(secret).toMatch(/^whsec_/);
    await expect(page.locator('table').first().textContent()).resolves.toContain('http://127.0.0.1:9/case-tracker-hook');
    await shoot(page, 'subscriptions-created');
    expect(await axe(page)).toEqual([]);
    await page.goto(`${base}/console/subscriptions`);
    await expect(page.locator('main').textContent()).resolves.not.toContain(secret);
    expect(violations).toEqual([]);
    await context.close();
  });

  it('previews a correction of the holiday calendar, and the hearing page offers 改期 and 取消开庭', async () => {
    const { context, page, violations } = await open();
    await signIn(page, 'legal-office', '王芳');
    await page.goto(`${base}/console/calendar?year=2031`);
    await page.getByLabel('放假日').fill('2031-10-01至2031-10-07\n2031-10-0八');
    await page.getByRole('button', { name: '预览更正' }).click();
    await expect(page.locator('.error-summary').textContent()).resolves.toContain('放假日第2行');
    await shoot(page, 'calendar-errors');
    expect(await axe(page)).toEqual([]);
    await page.getByLabel('放假日').fill('2031-10-01至2031-10-07');
    await page.getByRole('button', { name: '预览更正' }).click();
    await expect(page.locator('main').textContent()).resolves.toContain('未届满的期限将按新安排重新计算');
    await shoot(page, 'calendar-preview');
    expect(await axe(page)).toEqual([]);

    await page.goto(`${base}/console/hearings/${hearingA}`);
    await page.getByLabel('时间').fill('九点半');
    await page.getByRole('button', { name: '改期' }).click();
    await expect(page.locator('.error-summary').textContent()).resolves.toContain('时间：应为 时:分');
    await shoot(page, 'hearing-reschedule-errors');
    expect(await axe(page)).toEqual([]);
    expect(violations).toEqual([]);
    await context.close();
  });

  it('keeps the case page small', () => {
    expect(sizes.case?.html).toBeLessThan(60 * 1024);
    expect(sizes.case?.script).toBeLessThan(15 * 1024);
  });
});
