import { randomBytes } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { JSX } from 'hono/jsx/jsx-runtime';
import { Hono } from 'hono/tiny';
import { allAgencies, createAgency, rotateFeedToken, type AgencyDeps } from '../app/agencies';
import { caseHistory, getCase, listCases, recordStep, registerCase, type CaseDeps } from '../app/cases';
import { deadlineBoard, listAlerts } from '../app/deadlines';
import { changeHearing, confirmAppearance, getHearing, listHearings, recordAttendance, scheduleHearing, type HearingDeps } from '../app/hearings';
import { calendarYear, correctCalendarYear, previewCalendarYear, type CalendarDeps } from '../app/calendar';
import {
  createSubscription,
  deleteSubscription,
  getSubscription,
  listDeliveries,
  listSubscriptions,
  testSubscription,
  type SubscriptionDeps,
} from '../app/subscriptions';
import type { LedgerDeps } from '../app/import-ledger';
import { monthlyReports, monthlyStatistics, statisticsByAgency, statisticsCsvOf, statisticsOf, type StatisticsDeps } from '../app/statistics';
import type { Identity } from '../auth/identity';
import type { AlertRepository } from '../domain/alerts';
import type { CalendarRepository } from '../domain/calendar';
import type { ActionInput, StoredResponse } from '../domain/cases';
import { chinaToday } from '../domain/clock';
import { addDays } from '../domain/dates';
import type { DeadlineBoard } from '../domain/deadline-board';
import { roles as roleLabels, type CaseKind, type Role } from '../domain/enums';
import { AppError, textIn } from '../domain/errors';
import type { HearingInput } from '../domain/hearings';
import { logger as rootLogger, type Logger } from '../log/logger';
import { NewAgency } from '../http/schemas/agencies';
import { ActionSchema, CaseId, CaseListQuery, NewCase } from '../http/schemas/cases';
import { BoardQuery } from '../http/schemas/deadlines';
import { AttendanceInputSchema, ConfirmationInputSchema, HearingId, HearingPatchSchema, NewHearing } from '../http/schemas/hearings';
import { CalendarYearInput } from '../http/schemas/deadlines';
import { NewSubscription, SubscriptionId } from '../http/schemas/subscriptions';
import { agencyScope } from '../auth/identity';
import type { HearingPatch } from '../domain/hearings';
import { StatisticsQuery } from '../http/schemas/statistics';
import { fieldErrors, parseOrThrow, safeParse } from '../http/validation';
import { consoleCss } from './assets';
import { actionInput, actionLabels, datesOf, formClaim, formErrors, given, optional, versionOf, type FormData } from './forms';
import { OidcClient, SignInError, type PendingSignIn } from './oidc';
import { attendanceLabels, CaseListPage, CasePage, RegisterPage, registrationLabels, type CasePageState } from './pages/cases';
import { cancelLabels, confirmationLabels, HeadHome, HearingPage, MonthPage, rescheduleLabels, type HearingChangeState } from './pages/hearings';
import { DeleteSubscriptionPage, SubscriptionsPage, subscriptionLabels } from './pages/subscriptions';
import { DevLoginPage, OidcLoginPage } from './pages/login';
import { AgenciesPage, CalendarPage, CalendarPreviewPage, DeadlinesPage, MessagePage, OfficeHome, type CalendarCorrection } from './pages/office';
import { actionLabelsOf } from './pages/labels';
import { StatisticsPage } from './pages/statistics';
import { identityOf, keyOf, newSession, readSession, safeNext, sameToken, seal, unseal, type Session } from './session';
import type { FormError } from './ui';

/** Everything the console reads and writes, through the use cases (shared/app). */
export type ConsoleDeps = CaseDeps &
  HearingDeps &
  AgencyDeps &
  StatisticsDeps & {
    board: DeadlineBoard;
    alerts: AlertRepository;
    calendars?: CalendarRepository;
  } & Partial<Pick<LedgerDeps, 'ledger' | 'startImport' | 'log'>> &
  /** the notification subscriptions, where this console runs beside them (npm start; the web function once wired) */
  Partial<Pick<SubscriptionDeps, 'subscriptions' | 'deliveries' | 'notifier' | 'secretBox' | 'targetPolicy'>>;

export type SignIn = { kind: 'development' } | { kind: 'oidc'; client: OidcClient; redirectUri?: string | undefined };

export interface ConsoleOptions {
  deps: ConsoleDeps;
  signIn: SignIn;
  /** seals the session cookie (CONSOLE_SESSION_SECRET) */
  sessionSecret: string;
  /**
   * Development only: cookies without `Secure` when the console is reached over plain http on
   * localhost / 127.0.0.1 (`npm start`). Everywhere else the cookies are `Secure`.
   */
  insecureLocalhost?: boolean;
  logger?: Logger;
  /**
   * The ledger upload pages (`/console/imports…`, shared/web/ledger-pages.tsx), registered only
   * when given: they carry the ledger's use case and exceljs, so the `web` function leaves them out
   * and the `web-ledger` function serves them (`npm start` serves both). Without them the console
   * takes no multipart form and no body over 64 KB.
   */
  ledgerPages?: ConsolePages;
}

/** The page context every page shows (who is signed in, the CSRF token, today in China). */
export interface PageCtx {
  identity: Identity;
  csrf: string;
  today: string;
}

/** What pages registered from outside this file get from the console: its deps and its guards. */
export interface ConsoleTools {
  deps: ConsoleDeps;
  /** the role guard: any other role gets 403 */
  only: (...allowed: Role[]) => MiddlewareHandler<ConsoleEnv>;
  ctxOf: (c: ConsoleContext) => PageCtx;
}

/** Pages registered on the console app from outside this file (the ledger upload, ledger-pages.tsx). */
export interface ConsolePages {
  /**
   * The largest body a POST to UPLOAD_PATH may carry, as multipart/form-data with a `file` (every
   * other form: 64 KB). Given here, not imported, so that this file does not bring the ledger's code.
   */
  uploadLimit: number;
  /** Registered after the session check of `/console/*`: a POST's form (and upload) has been read and its CSRF token checked. */
  register: (app: Hono<ConsoleEnv>, tools: ConsoleTools) => void;
}

/** The paths the console serves; everything else is the JSON API's. */
export function isConsolePath(path: string): boolean {
  return path === '/' || path === '/login' || path === '/logout' || path === '/login/start' || path === '/auth/callback' || path === '/console' || path.startsWith('/console/');
}

export const SESSION_COOKIE = 'ct_session';
const LOGIN_CSRF_COOKIE = 'ct_login';
const OIDC_COOKIE = 'ct_oidc';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "object-src 'none'",
].join('; ');

/** A file sent with a multipart form (the ledger upload). */
export interface UploadedFile {
  name: string;
  bytes: Uint8Array;
}

export type ConsoleEnv = { Variables: { session: Session; identity: Identity; form: FormData; upload: UploadedFile | undefined; log: Logger } };
type Env = ConsoleEnv;

/** The one path that takes a multipart form with a file: the ledger upload (where ledgerPages are given). */
export const UPLOAD_PATH = '/console/imports';
export type ConsoleContext = Context<Env>;
type C = ConsoleContext;

const nowSeconds = () => Math.floor(Date.now() / 1000);
const newKey = () => randomBytes(12).toString('base64url');

const doneNotices: Record<string, string> = {
  registered: '案件已登记。',
  step: '已记录。',
  hearing: '庭审已安排。',
  confirmed: '出庭确认已保存。',
  attendance: '出庭情况已登记。',
  agency: '机关已添加。',
  rescheduled: '已改期，原有的出庭确认已作废，请通知机关负责人重新确认。',
  cancelled: '已取消开庭。',
  subscriptionDeleted: '订阅已删除。',
};

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '127.0.0.1' || host === '[::1]';
}

export async function html(c: C, element: JSX.Element, status = 200): Promise<Response> {
  const body = `<!DOCTYPE html>${String(await element)}`;
  return c.html(body, status as 200);
}

/**
 * The posted form (application/x-www-form-urlencoded). Read as text rather than through
 * `formData()`, which the light Lambda request (shared/http/light-web.ts) does not carry. Only the
 * ledger upload (UPLOAD_PATH) takes multipart/form-data: its bytes are parsed here by a standard
 * Response, its text fields become the form and its file the upload.
 */
async function readForm(c: C, uploads: boolean): Promise<{ form: FormData; upload?: UploadedFile }> {
  const type = c.req.header('content-type') ?? '';
  const out: FormData = {};
  if (uploads && /^multipart\/form-data\b/i.test(type) && c.req.path === UPLOAD_PATH) {
    let parsed: globalThis.FormData;
    try {
      parsed = await new Response(await c.req.arrayBuffer(), { headers: { 'content-type': type } }).formData();
    } catch {
      return { form: out };
    }
    let upload: UploadedFile | undefined;
    for (const [name, value] of parsed) {
      if (typeof value === 'string') out[name] = value;
      else if (name === 'file' && !upload) upload = { name: value.name, bytes: new Uint8Array(await value.arrayBuffer()) };
    }
    return upload ? { form: out, upload } : { form: out };
  }
  if (!/^application\/x-www-form-urlencoded\b/i.test(type)) return { form: out };
  for (const [name, value] of new URLSearchParams(await c.req.text())) out[name] = value;
  return { form: out };
}

function pathWithQuery(c: C): string {
  const url = new URL(c.req.url);
  return `${url.pathname}${url.search}`;
}

/** The query's filled-in fields (empty ones left out, as if not given). */
function queryOf(c: C, names: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) {
    const value = c.req.query(name)?.trim();
    if (value) out[name] = value;
  }
  return out;
}

function invalidOrConflict(error: unknown): error is AppError {
  return error instanceof AppError && ['invalid', 'conflict', 'unprocessable', 'precondition-failed'].includes(error.kind);
}

function locationId(response: StoredResponse): string | undefined {
  const body = response.body as { id?: unknown } | undefined;
  return typeof body?.id === 'string' ? body.id : undefined;
}

export function createConsoleApp(options: ConsoleOptions) {
  const { deps } = options;
  const key = keyOf(options.sessionSecret);
  const log = (options.logger ?? rootLogger).child({ component: 'console' });
  const app = new Hono<Env>();

  const secureFor = (c: C) => !(options.insecureLocalhost && isLoopback(new URL(c.req.url).hostname));
  const cookie = (c: C, name: string, value: string, maxAge: number) =>
    setCookie(c, name, value, { path: '/', httpOnly: true, secure: secureFor(c), sameSite: 'Lax', maxAge });
  const clear = (c: C, name: string) => deleteCookie(c, name, { path: '/', secure: secureFor(c) });
  const today = () => chinaToday(deps.clock);
  /** Only a console with the ledger pages takes an upload (multipart, up to their uploadLimit) at UPLOAD_PATH. */
  const uploads = options.ledgerPages !== undefined;

  app.use('*', async (c, next) => {
    c.set('log', log);
    await next();
    c.header('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    c.header('X-Frame-Options', 'DENY');
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'same-origin');
    if (!c.res.headers.has('cache-control')) c.header('Cache-Control', 'no-store');
  });

  /** A form posted from another site is refused before anything else (with the CSRF token as the second guard). */
  app.use('*', async (c, next) => {
    if (c.req.method === 'POST') {
      const origin = c.req.header('origin');
      if (origin && origin !== 'null' && origin !== new URL(c.req.url).origin) {
        return html(c, <MessagePage title="请求被拒绝" message="表单来自其他网站，已拒绝。" />, 403);
      }
    }
    await next();
  });
  const formLimit = bodyLimit({ maxSize: 64 * 1024, onError: (c) => c.text('表单内容过大', 413) });
  const uploadLimit = bodyLimit({
    maxSize: options.ledgerPages?.uploadLimit ?? 0,
    onError: (c) =>
      html(
        c as C,
        <MessagePage title="文件过大" message="上传的文件超过 4 MB 上限，未导入：请把台账拆成几个文件分别导入（返回“导入台账”页面重新上传）。" status={413} />,
        413,
      ),
  });
  app.use('*', (c, next) => (uploads && c.req.method === 'POST' && c.req.path === UPLOAD_PATH ? uploadLimit(c, next) : formLimit(c, next)));

  const signedIn: MiddlewareHandler<Env> = async (c, next) => {
    const state = readSession(getCookie(c, SESSION_COOKIE), key, nowSeconds());
    if (state.kind !== 'active') {
      if (state.kind === 'expired') clear(c, SESSION_COOKIE);
      const next = c.req.method === 'GET' ? pathWithQuery(c) : '/';
      const query = new URLSearchParams({ next: safeNext(next), ...(state.kind === 'expired' ? { expired: '1' } : {}) });
      return c.redirect(`/login?${query.toString()}`, 303);
    }
    c.set('session', state.session);
    c.set('identity', identityOf(state.session));
    if (c.req.method === 'POST') {
      const { form, upload } = await readForm(c, uploads);
      if (!sameToken(form._csrf, state.session.csrf)) {
        return html(c, <MessagePage title="表单已失效" message="表单已失效（可能已在其他窗口退出并重新登录），请返回页面刷新后重新提交。" />, 403);
      }
      c.set('form', form);
      c.set('upload', upload);
    }
    await next();
  };

  const ctxOf = (c: C): PageCtx => ({ identity: c.get('identity'), csrf: c.get('session').csrf, today: today() });
  const has = (c: C, role: Role) => c.get('identity').roles.includes(role);
  const only =
    (...allowed: Role[]): MiddlewareHandler<Env> =>
    async (c, next) => {
      if (!allowed.some((role) => has(c, role))) {
        return html(
          c,
          <MessagePage ctx={ctxOf(c)} title="无权访问" message={`此页面仅供${allowed.map((r) => roleLabels[r]).join('、')}使用。`} status={403} />,
          403,
        );
      }
      await next();
    };

  app.get('/console/assets/console.css', (c) =>
    c.body(consoleCss, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=3600' }),
  );

  // ---- signing in and out ----

  const loginNotice = (c: C) =>
    c.req.query('expired') ? '登录已过期，请重新登录。' : c.req.query('signedOut') ? '您已退出。' : undefined;

  app.get('/login', async (c) => {
    const next = safeNext(c.req.query('next'));
    if (options.signIn.kind === 'oidc') return html(c, <OidcLoginPage next={next} notice={loginNotice(c)} />);
    const csrf = newKey();
    cookie(c, LOGIN_CSRF_COOKIE, csrf, 3600);
    return html(c, <DevLoginPage csrf={csrf} next={next} form={{}} errors={[]} notice={loginNotice(c)} />);
  });

  app.post('/login', async (c) => {
    if (options.signIn.kind !== 'development') return c.redirect('/login', 303);
    const { form } = await readForm(c, false);
    const next = safeNext(form.next);
    const expected = getCookie(c, LOGIN_CSRF_COOKIE);
    const again = (errors: FormError[], status: number) => {
      const csrf = newKey();
      cookie(c, LOGIN_CSRF_COOKIE, csrf, 3600);
      return html(c, <DevLoginPage csrf={csrf} next={next} form={form} errors={errors} />, status);
    };
    if (!sameToken(form._csrf, expected)) return again([{ field: '', message: '表单已失效，请重新提交。' }], 403);
    const errors: FormError[] = [];
    const role = given(form, 'role');
    const name = given(form, 'name');
    const agencyId = given(form, 'agencyId');
    if (!role || !(role in roleLabels)) errors.push({ field: 'role', message: '请选择角色' });
    if (!name) errors.push({ field: 'name', message: '请填写姓名' });
    else if (name.length > 50) errors.push({ field: 'name', message: '姓名至多50个字符' });
    if (role === 'agency-head') {
      if (!agencyId) errors.push({ field: 'agencyId', message: '行政机关负责人请填写所属机关' });
      else if (!(await deps.agencies.get(agencyId))) errors.push({ field: 'agencyId', message: `没有标识为“${agencyId}”的机关` });
    }
    if (errors.length > 0) return again(errors, 400);
    const identity: Identity = {
      sub: `local:${role}:${role === 'agency-head' ? `${agencyId}:` : ''}${name}`,
      name: name!,
      roles: [role as Role],
      ...(role === 'agency-head' && agencyId ? { agencyId } : {}),
    };
    cookie(c, SESSION_COOKIE, seal(newSession(identity, nowSeconds()), key), 10 * 3600);
    clear(c, LOGIN_CSRF_COOKIE);
    return c.redirect(next, 303);
  });

  const redirectUri = (c: C) => (options.signIn.kind === 'oidc' && options.signIn.redirectUri) || `${new URL(c.req.url).origin}/auth/callback`;

  app.get('/login/start', async (c) => {
    if (options.signIn.kind !== 'oidc') return c.redirect('/login', 303);
    const { url, pending } = await options.signIn.client.start(redirectUri(c), safeNext(c.req.query('next')), nowSeconds());
    cookie(c, OIDC_COOKIE, seal(pending, key), 600);
    return c.redirect(url, 302);
  });

  app.get('/auth/callback', async (c) => {
    if (options.signIn.kind !== 'oidc') return c.redirect('/login', 303);
    const failed = (message: string) => html(c, <MessagePage title="登录未完成" message={message} />, 400);
    const pending = unseal(getCookie(c, OIDC_COOKIE) ?? '', key) as PendingSignIn | undefined;
    clear(c, OIDC_COOKIE);
    const code = c.req.query('code');
    const state = c.req.query('state');
    if (c.req.query('error')) return failed('统一身份认证未完成登录，请重试。');
    if (!pending || typeof pending.state !== 'string' || pending.exp < nowSeconds() || !code || !sameToken(state, pending.state)) {
      return failed('登录请求已失效，请重新登录。');
    }
    let identity: Identity;
    try {
      identity = await options.signIn.client.finish(code, redirectUri(c), pending, nowSeconds());
    } catch (error) {
      log.warn('sign-in refused', { error: error instanceof SignInError || error instanceof AppError ? error.message : String(error) });
      return failed('身份令牌未通过校验，请重新登录。');
    }
    if (identity.roles.length === 0) {
      return html(c, <MessagePage title="无权使用" message="您的账号没有使用法治工作台的角色，请联系司法局开通。" />, 403);
    }
    cookie(c, SESSION_COOKIE, seal(newSession(identity, nowSeconds()), key), 10 * 3600);
    return c.redirect(safeNext(pending.next), 303);
  });

  app.post('/logout', signedIn, (c) => {
    clear(c, SESSION_COOKIE);
    return c.redirect('/login?signedOut=1', 303);
  });

  // ---- pages ----

  app.use('/', signedIn);
  app.use('/console/*', signedIn);

  app.get('/', async (c) => {
    const identity = c.get('identity');
    const ctx = ctxOf(c);
    const notice = doneNotices[c.req.query('done') ?? ''];
    if (has(c, 'legal-office')) {
      const t = today();
      const [overdue, approaching, hearings, alerts, agencies] = await Promise.all([
        deadlineBoard(deps, identity, { status: 'overdue', limit: 20 }),
        deadlineBoard(deps, identity, { status: 'open', dueTo: addDays(t, 7), limit: 30 }),
        listHearings(deps, identity, { from: t, to: addDays(t, 6) }, { limit: 50 }),
        listAlerts(deps, identity, { since: addDays(t, -7), limit: 10 }),
        allAgencies(deps, identity),
      ]);
      return html(
        c,
        <OfficeHome ctx={ctx} overdue={overdue.items} approaching={approaching.items} hearings={hearings.items} alerts={alerts.items.slice(-10).reverse()} agencies={agencies} />,
      );
    }
    if (has(c, 'agency-head')) {
      const [pending, agencies] = await Promise.all([
        listHearings(deps, identity, { from: today(), confirmation: 'pending' }, { limit: 50 }),
        allAgencies(deps, identity),
      ]);
      return html(c, <HeadHome ctx={ctx} pending={pending.items.filter((h) => h.status !== 'cancelled')} agency={agencies[0]} notice={notice} />);
    }
    if (has(c, 'stats-reader')) return c.redirect('/console/statistics', 303);
    return html(c, <MessagePage ctx={ctx} title="无权使用" message="您的账号没有使用法治工作台的角色，请联系司法局开通。" status={403} />, 403);
  });

  // Cases

  const caseFilterNames = ['q', 'kind', 'agencyId', 'status', 'open', 'receivedFrom', 'receivedTo', 'cursor'] as const;

  app.get('/console/cases', only('legal-office', 'agency-head'), async (c) => {
    const identity = c.get('identity');
    const filters = queryOf(c, caseFilterNames);
    const agencies = await allAgencies(deps, identity);
    try {
      const query = parseOrThrow(CaseListQuery(), { ...filters, limit: '25' }, 'query');
      const { limit, cursor, ...filter } = query;
      const page = await listCases(deps, identity, filter, { limit, cursor });
      return html(c, <CaseListPage ctx={ctxOf(c)} agencies={agencies} filters={filters} items={page.items} next={page.nextCursor} errors={[]} />);
    } catch (error) {
      if (!(error instanceof AppError) || error.kind !== 'invalid') throw error;
      return html(c, <CaseListPage ctx={ctxOf(c)} agencies={agencies} filters={filters} items={[]} next={null} errors={formErrors(error, filterLabels)} />, 400);
    }
  });

  app.get('/console/cases/new', only('legal-office'), async (c) => {
    const agencies = await allAgencies(deps, c.get('identity'));
    return html(c, <RegisterPage ctx={ctxOf(c)} agencies={agencies} form={{}} errors={[]} idempotencyKey={newKey()} />);
  });

  app.post('/console/cases', only('legal-office'), async (c) => {
    const identity = c.get('identity');
    const form = c.get('form');
    const kind = given(form, 'kind');
    const input: Record<string, unknown> = {
      ...optional(form, 'kind'),
      ...optional(form, 'caseNumber'),
      ...optional(form, 'agencyId'),
      ...optional(form, 'receivedOn'),
      parties: [{ role: kind === 'litigation' ? 'plaintiff' : 'applicant', ...optional(form, 'parties.0.name', 'name'), ...optional(form, 'parties.0.idNumber', 'idNumber') }],
      ...(kind === 'reconsideration' ? optional(form, 'procedure') : {}),
      ...(kind === 'litigation' ? optional(form, 'court') : {}),
      ...optional(form, 'field'),
      ...optional(form, 'actType'),
      ...optional(form, 'title'),
    };
    try {
      if (!kind) {
        // Without a kind the schema names only the kind; the other fields are checked as for a reconsideration too.
        const others = safeParse(NewCase(), { ...input, kind: 'reconsideration' });
        const rest = others.success ? [] : formErrors(parseError(others.error.issues), registrationLabels);
        const errors = [{ field: 'kind', message: '案件类型：请选择行政复议或行政应诉' }, ...rest];
        const agencies = await allAgencies(deps, identity);
        return html(c, <RegisterPage ctx={ctxOf(c)} agencies={agencies} form={form} errors={errors} idempotencyKey={given(form, '_key') ?? newKey()} />, 400);
      }
      const registration = parseOrThrow(NewCase(), input, 'body');
      const result = await registerCase(deps, identity, registration, { claim: formClaim('POST /cases', identity, form, registration) });
      const id = result.kind === 'done' ? result.presented.id : locationId(result.response);
      return c.redirect(id ? `/console/cases/${id}?done=registered` : '/console/cases', 303);
    } catch (error) {
      if (!invalidOrConflict(error)) throw error;
      const errors =
        error.code === 'CASE_NUMBER_TAKEN' ? [{ field: 'caseNumber', message: `案号：${textIn(error.detail, 'zh')}` }] : formErrors(error, registrationLabels);
      const agencies = await allAgencies(deps, identity);
      const keyAgain = error.code === 'IDEMPOTENCY_KEY_REUSED' ? newKey() : (given(form, '_key') ?? newKey());
      return html(c, <RegisterPage ctx={ctxOf(c)} agencies={agencies} form={form} errors={errors} idempotencyKey={keyAgain} />, error.kind === 'invalid' ? 400 : 409);
    }
  });

  const caseIdOf = (c: C) => parseOrThrow(CaseId(), c.req.param('caseId'), 'path');

  async function casePage(c: C, caseId: string, state: CasePageState, status = 200) {
    const identity = c.get('identity');
    const [{ presented, version, hearingVersions }, agencies, history] = await Promise.all([
      getCase(deps, identity, caseId),
      allAgencies(deps, identity),
      caseHistory(deps, identity, caseId, { limit: 100 }),
    ]);
    return html(
      c,
      <CasePage
        ctx={ctxOf(c)}
        item={presented}
        version={version}
        agencies={agencies}
        history={history.items}
        state={state}
        newKey={newKey}
        now={deps.clock.now()}
        hearingVersions={hearingVersions}
      />,
      status,
    );
  }

  app.get('/console/cases/:caseId', only('legal-office', 'agency-head'), async (c) => {
    const caseId = notFoundUnless(c, () => caseIdOf(c));
    return casePage(c, caseId, { notice: doneNotices[c.req.query('done') ?? ''] });
  });

  app.post('/console/cases/:caseId/actions', only('legal-office'), async (c) => {
    const identity = c.get('identity');
    const caseId = notFoundUnless(c, () => caseIdOf(c));
    const form = c.get('form');
    const type = given(form, 'type') ?? '';
    const { presented } = await getCase(deps, identity, caseId);
    const kind: CaseKind = presented.kind;
    const input = actionInput(type, kind, form);
    try {
      const step = parseOrThrow(ActionSchema(), input, 'body') as ActionInput;
      await recordStep(deps, identity, caseId, step, {
        claim: formClaim(`POST /cases/${caseId}/actions`, identity, form, step),
        expectedVersion: versionOf(form),
      });
      return c.redirect(`/console/cases/${caseId}?done=step`, 303);
    } catch (error) {
      if (!invalidOrConflict(error)) throw error;
      let errors: FormError[];
      if (error.code === 'VERSION_MISMATCH') {
        errors = [{ field: '', message: '该案件在您打开页面后已被他人修改，未保存您的操作。请核对下方最新情况后重新提交。' }];
      } else if (error.kind === 'conflict') {
        const labels = presented.allowedActions.map((a) => actionLabelsOf(kind)[a] ?? a);
        errors = [
          { field: '', message: textIn(error.detail, 'zh') },
          { field: '', message: labels.length > 0 ? `当前允许的操作：${labels.join('、')}` : '该案件当前没有可办理的操作。' },
        ];
      } else {
        errors = formErrors(error, actionLabels(type, kind));
      }
      return casePage(c, caseId, { action: { type: (presented.allowedActions as string[]).includes(type) ? type : '', form, errors } }, error.kind === 'invalid' ? 400 : 409);
    }
  });

  app.post('/console/cases/:caseId/hearings', only('legal-office'), async (c) => {
    const identity = c.get('identity');
    const caseId = notFoundUnless(c, () => caseIdOf(c));
    const form = c.get('form');
    const { presented } = await getCase(deps, identity, caseId);
    const date = given(form, 'date');
    const time = given(form, 'time');
    const errors: FormError[] = [];
    if (!date) errors.push({ field: 'date', message: '日期：必填' });
    if (!time) errors.push({ field: 'time', message: '时间：必填' });
    else if (!/^\d{1,2}:\d{2}$/.test(time)) errors.push({ field: 'time', message: '时间：应为 时:分，如 09:30' });
    const input = {
      scheduledAt: `${date ?? ''}T${(time ?? '').padStart(5, '0')}:00+08:00`,
      kind: presented.kind === 'litigation' ? 'court' : 'reconsideration-hearing',
      ...optional(form, 'court'),
      ...optional(form, 'courtroom'),
    };
    try {
      if (errors.length > 0) throw new AppError('invalid', 'VALIDATION_FAILED', { zh: '表单有误', en: 'invalid form' });
      const hearing = parseOrThrow(NewHearing(), input, 'body') as HearingInput;
      await scheduleHearing(deps, identity, caseId, hearing, { claim: formClaim(`POST /cases/${caseId}/hearings`, identity, form, hearing) });
      return c.redirect(`/console/cases/${caseId}?done=hearing`, 303);
    } catch (error) {
      if (!invalidOrConflict(error)) throw error;
      const found =
        errors.length > 0
          ? errors
          : formErrors(error, { scheduledAt: '日期和时间', court: '法院', courtroom: '法庭' }).map((e) => (e.field === 'scheduledAt' ? { ...e, field: 'date' } : e));
      return casePage(c, caseId, { hearing: { form, errors: found } }, 400);
    }
  });

  // Deadlines

  app.get('/console/deadlines', only('legal-office', 'agency-head'), async (c) => {
    const identity = c.get('identity');
    const filters = queryOf(c, ['status', 'type', 'agencyId', 'dueFrom', 'dueTo', 'cursor']);
    const agencies = await allAgencies(deps, identity);
    try {
      const query = parseOrThrow(BoardQuery(), { ...filters, limit: '50' }, 'query');
      const page = await deadlineBoard(deps, identity, query);
      return html(c, <DeadlinesPage ctx={ctxOf(c)} items={page.items} agencies={agencies} filters={filters} next={page.nextCursor} errors={[]} />);
    } catch (error) {
      if (!(error instanceof AppError) || error.kind !== 'invalid') throw error;
      return html(c, <DeadlinesPage ctx={ctxOf(c)} items={[]} agencies={agencies} filters={filters} next={null} errors={formErrors(error, filterLabels)} />, 400);
    }
  });

  // Hearings

  app.get('/console/hearings', only('legal-office', 'agency-head'), async (c) => {
    const asked = c.req.query('month');
    const month = asked && /^\d{4}-(0[1-9]|1[0-2])$/.test(asked) && asked >= '1990-01' && asked <= '2099-12' ? asked : today().slice(0, 7);
    const [y, m] = month.split('-').map(Number) as [number, number];
    const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
    const page = await listHearings(deps, c.get('identity'), { from: `${month}-01`, to: addDays(next, -1) }, { limit: 200 });
    return html(c, <MonthPage ctx={ctxOf(c)} month={month} hearings={page.items} />);
  });

  const hearingIdOf = (c: C) => parseOrThrow(HearingId(), c.req.param('hearingId'), 'path');

  app.get('/console/hearings/:hearingId', only('legal-office', 'agency-head'), async (c) => {
    const hearingId = notFoundUnless(c, () => hearingIdOf(c));
    const hearing = await getHearing(deps, c.get('identity'), hearingId);
    return html(
      c,
      <HearingPage ctx={ctxOf(c)} hearing={hearing} form={{}} errors={[]} notice={doneNotices[c.req.query('done') ?? '']} now={deps.clock.now()} keys={changeKeys(c)} />,
    );
  });

  /** The idempotency keys of the legal office's 改期 and 取消开庭 forms (none for a head, who has neither). */
  const changeKeys = (c: C, kept?: { kind: HearingChangeState['kind']; key: string | undefined }) =>
    has(c, 'legal-office')
      ? {
          reschedule: (kept?.kind === 'reschedule' && kept.key) || newKey(),
          cancel: (kept?.kind === 'cancel' && kept.key) || newKey(),
        }
      : undefined;

  /**
   * 改期 and 取消开庭 (legal office): the same use case as PATCH /hearings/{id}, with the version the
   * form was shown (a stale form says so) and its key (a form sent twice changes the hearing once).
   */
  async function changeFromForm(c: C, kind: HearingChangeState['kind']): Promise<Response> {
    const identity = c.get('identity');
    const hearingId = notFoundUnless(c, () => hearingIdOf(c));
    const form = c.get('form');
    const errors: FormError[] = [];
    let input: Record<string, unknown>;
    if (kind === 'reschedule') {
      const date = given(form, 'date');
      const time = given(form, 'time');
      if (!date) errors.push({ field: 'date', message: '日期：必填' });
      if (!time) errors.push({ field: 'time', message: '时间：必填' });
      else if (!/^\d{1,2}:\d{2}$/.test(time)) errors.push({ field: 'time', message: '时间：应为 时:分，如 09:30' });
      if (!given(form, 'court')) errors.push({ field: 'court', message: '法院：必填' });
      input = {
        scheduledAt: `${date ?? ''}T${(time ?? '').padStart(5, '0')}:00+08:00`,
        ...optional(form, 'court'),
        ...optional(form, 'courtroom'),
      };
    } else {
      input = { status: 'cancelled', ...optional(form, 'cancelReason') };
    }
    try {
      if (errors.length > 0) throw new AppError('invalid', 'VALIDATION_FAILED', { zh: '表单有误', en: 'invalid form' });
      const patch = parseOrThrow(HearingPatchSchema(), input, 'body') as HearingPatch;
      await changeHearing(deps, identity, hearingId, patch, versionOf(form), {
        claim: formClaim(`PATCH /hearings/${hearingId}`, identity, form, patch),
      });
      return c.redirect(`/console/hearings/${hearingId}?done=${kind === 'reschedule' ? 'rescheduled' : 'cancelled'}`, 303);
    } catch (error) {
      if (!invalidOrConflict(error)) throw error;
      const hearing = await getHearing(deps, identity, hearingId);
      const found: FormError[] =
        errors.length > 0
          ? errors
          : error.code === 'VERSION_MISMATCH'
            ? [{ field: '', message: '该庭审在您打开页面后已有变动（可能已改期、取消或已有人确认），未保存您的修改。请核对下方最新情况后重新提交。' }]
            : error.kind === 'invalid'
              ? formErrors(error, kind === 'reschedule' ? { ...rescheduleLabels, scheduledAt: '日期和时间' } : cancelLabels).map((e) =>
                  e.field === 'scheduledAt' ? { ...e, field: 'date' } : e,
                )
              : [{ field: '', message: textIn(error.detail, 'zh') }];
      const keyAgain = error.code === 'IDEMPOTENCY_KEY_REUSED' ? undefined : given(form, '_key');
      return html(
        c,
        <HearingPage
          ctx={ctxOf(c)}
          hearing={hearing}
          form={{}}
          errors={[]}
          now={deps.clock.now()}
          change={{ kind, form, errors: found }}
          keys={changeKeys(c, { kind, key: keyAgain })}
        />,
        error.kind === 'invalid' ? 400 : 409,
      );
    }
  }

  app.post('/console/hearings/:hearingId/reschedule', only('legal-office'), (c) => changeFromForm(c, 'reschedule'));
  app.post('/console/hearings/:hearingId/cancel', only('legal-office'), (c) => changeFromForm(c, 'cancel'));

  app.post('/console/hearings/:hearingId/confirmation', only('legal-office', 'agency-head'), async (c) => {
    const identity = c.get('identity');
    const hearingId = notFoundUnless(c, () => hearingIdOf(c));
    const form = c.get('form');
    const attendance = given(form, 'attendance') === 'delegate' ? 'delegate' : 'head';
    const input =
      attendance === 'head'
        ? { attendance, head: { ...optional(form, 'head.name', 'name'), ...optional(form, 'head.title', 'title') } }
        : {
            attendance,
            delegate: { ...optional(form, 'delegate.name', 'name'), ...optional(form, 'delegate.position', 'position') },
            ...optional(form, 'reason'),
            ...optional(form, 'reasonDetail'),
          };
    try {
      const confirmation = parseOrThrow(ConfirmationInputSchema(), input, 'body');
      await confirmAppearance(deps, identity, hearingId, confirmation, versionOf(form));
      return c.redirect(has(c, 'legal-office') ? `/console/hearings/${hearingId}?done=confirmed` : '/?done=confirmed', 303);
    } catch (error) {
      if (!invalidOrConflict(error)) throw error;
      const hearing = await getHearing(deps, identity, hearingId);
      const errors =
        error.code === 'VERSION_MISMATCH'
          ? [{ field: '', message: '该庭审在您打开页面后已有变动（可能已有人确认），未保存您的确认。请核对后重新提交。' }]
          : formErrors(error, confirmationLabels);
      return html(c, <HearingPage ctx={ctxOf(c)} hearing={hearing} form={form} errors={errors} sent={attendance} now={deps.clock.now()} />, error.kind === 'invalid' ? 400 : 409);
    }
  });

  // The ledger (台账): the template, the upload, a background import's progress (ledger-pages.tsx), where given
  options.ledgerPages?.register(app, { deps, only, ctxOf });

  /** 登记出庭情况 (after the hearing), from the case page: the same use case as PUT /hearings/{id}/attendance. */
  app.post('/console/hearings/:hearingId/attendance', only('legal-office'), async (c) => {
    const identity = c.get('identity');
    const hearingId = notFoundUnless(c, () => hearingIdOf(c));
    const form = c.get('form');
    const hearing = await getHearing(deps, identity, hearingId);
    const flag = (name: string) => (form[name] === 'true' ? true : form[name] === 'false' ? false : undefined);
    const held = flag('held');
    // A hearing not held had no head appear: the second question needs no answer then.
    const headAppeared = flag('headAppeared') ?? (held === false ? false : undefined);
    const input = {
      ...(held !== undefined ? { held } : {}),
      ...(headAppeared !== undefined ? { headAppeared } : {}),
      ...optional(form, 'appearedName'),
      ...optional(form, 'appearedTitle'),
    };
    try {
      const attendance = parseOrThrow(AttendanceInputSchema(), input, 'body');
      await recordAttendance(deps, identity, hearingId, attendance, versionOf(form));
      return c.redirect(`/console/cases/${hearing.caseId}?done=attendance`, 303);
    } catch (error) {
      if (!invalidOrConflict(error)) throw error;
      const errors: FormError[] =
        error.code === 'VERSION_MISMATCH'
          ? [{ field: '', message: '该庭审在您打开页面后已有变动，未保存您登记的出庭情况。请核对后重新提交。' }]
          : error.kind === 'invalid'
            ? formErrors(error, attendanceLabels)
            : [{ field: '', message: textIn(error.detail, 'zh') }];
      return casePage(c, hearing.caseId, { attendance: { hearingId, form, errors } }, error.kind === 'invalid' ? 400 : 409);
    }
  });

  // Agencies and the calendar (legal office)

  app.get('/console/agencies', only('legal-office'), async (c) => {
    const agencies = await allAgencies(deps, c.get('identity'));
    return html(c, <AgenciesPage ctx={ctxOf(c)} agencies={agencies} form={{}} errors={[]} />);
  });

  app.post('/console/agencies', only('legal-office'), async (c) => {
    const identity = c.get('identity');
    const form = c.get('form');
    try {
      const agency = parseOrThrow(NewAgency(), { ...optional(form, 'id'), ...optional(form, 'name') }, 'body');
      await createAgency(deps, identity, agency);
      return c.redirect('/console/agencies', 303);
    } catch (error) {
      if (!invalidOrConflict(error)) throw error;
      const errors = error.kind === 'conflict' ? [{ field: 'id', message: `标识：${textIn(error.detail, 'zh')}` }] : formErrors(error, { id: '标识', name: '名称' });
      const agencies = await allAgencies(deps, identity);
      return html(c, <AgenciesPage ctx={ctxOf(c)} agencies={agencies} form={form} errors={errors} />, error.kind === 'invalid' ? 400 : 409);
    }
  });

  /**
   * 生成订阅链接: the legal office for any agency (the agencies page), a head for the own agency
   * (the head's home; another agency's is 404, in the use case). The full link is shown this once.
   */
  app.post('/console/agencies/:agencyId/feed-token', only('legal-office', 'agency-head'), async (c) => {
    const identity = c.get('identity');
    const rotated = await rotateFeedToken(deps, identity, c.req.param('agencyId'));
    const agencies = await allAgencies(deps, identity);
    const agency = agencies.find((a) => a.id === rotated.agencyId);
    const url = `${new URL(c.req.url).origin}${rotated.feedPath}`;
    if (!has(c, 'legal-office')) {
      const pending = await listHearings(deps, identity, { from: today(), confirmation: 'pending' }, { limit: 50 });
      return html(c, <HeadHome ctx={ctxOf(c)} pending={pending.items.filter((h) => h.status !== 'cancelled')} agency={agency} feedUrl={url} />);
    }
    return html(c, <AgenciesPage ctx={ctxOf(c)} agencies={agencies} form={{}} errors={[]} feed={agency ? { agency, url } : undefined} />);
  });

  /** What PUT /calendar/{year} needs, where this console can write the calendar. */
  const calendarDeps = (): CalendarDeps | undefined => (deps.calendars ? { ...deps, calendars: deps.calendars } : undefined);

  async function calendarPage(c: C, year: number, extra: { correction?: CalendarCorrection; notice?: string | undefined } = {}, status = 200) {
    const shown = await calendarYear(deps, c.get('identity'), year);
    return html(c, <CalendarPage ctx={ctxOf(c)} {...shown} canCorrect={calendarDeps() !== undefined} {...extra} />, status);
  }

  const yearOf = (c: C) => {
    const asked = Number(c.req.param('year') ?? c.req.query('year'));
    return Number.isInteger(asked) && asked >= 1990 && asked <= 2099 ? asked : undefined;
  };

  app.get('/console/calendar', only('legal-office'), async (c) => {
    const year = yearOf(c) ?? Number(today().slice(0, 4));
    const moved = c.req.query('done') === 'calendar' ? { cases: Number(c.req.query('cases') ?? 0), deadlines: Number(c.req.query('moved') ?? 0) } : undefined;
    const notice = moved ? `${year}年节假日安排已更正：重新计算了未届满的期限，${moved.cases} 件案件的 ${moved.deadlines} 个期限届满日有变化。` : undefined;
    return calendarPage(c, year, { notice });
  });

  /**
   * 更正节假日安排, in two steps: the lists are checked and what would change shown (preview), then
   * the confirmation saves them through the same use case as PUT /calendar/{year}, naming the
   * version it was previewed against. Each refused date is named beside its list.
   */
  const calendarInput = (form: FormData) => {
    const holidays = datesOf(form.holidays, 'holidays', '放假日');
    const workdays = datesOf(form.workdays, 'workdays', '调休上班日');
    return { input: { holidays: holidays.dates, workdays: workdays.dates }, errors: [...holidays.errors, ...workdays.errors] };
  };
  /** The use case's and the schema's errors name a list's n-th date: say which date. */
  const dateErrors = (error: AppError, input: { holidays: string[]; workdays: string[] }): FormError[] =>
    (error.errors ?? [{ path: '', message: error.detail }]).map((e) => {
      const [list, index] = e.path.split('.');
      const dates = list === 'holidays' ? input.holidays : list === 'workdays' ? input.workdays : undefined;
      if (!dates) return { field: '', message: textIn(e.message, 'zh') };
      const label = list === 'holidays' ? '放假日' : '调休上班日';
      const date = index !== undefined ? dates[Number(index)] : undefined;
      return { field: list ?? '', message: `${label}${date ? ` ${date}` : ''}：${textIn(e.message, 'zh')}` };
    });

  /** What both steps start with: the year, the writable calendar and the form's dates — or the page to answer with instead. */
  const calendarForm = async (c: C) => {
    const year = yearOf(c);
    const writable = calendarDeps();
    if (year === undefined) throw new AppError('not-found', 'NOT_FOUND', { zh: '未找到', en: 'not found' });
    if (!writable) return { page: html(c, <MessagePage ctx={ctxOf(c)} title="暂不可用" message="此环境未开通节假日更正，请使用接口 PUT /calendar/{year}。" status={503} />, 503) };
    const form = c.get('form');
    const { input, errors } = calendarInput(form);
    if (errors.length > 0) return { page: await calendarPage(c, year, { correction: { form, errors } }, 400) };
    return { year, writable, form, input };
  };

  app.post('/console/calendar/:year/preview', only('legal-office'), async (c) => {
    const started = await calendarForm(c);
    if ('page' in started) return started.page;
    const { year, writable, form, input } = started;
    try {
      const checked = parseOrThrow(CalendarYearInput(), input, 'body');
      const preview = await previewCalendarYear(writable, c.get('identity'), year, checked);
      return html(c, <CalendarPreviewPage ctx={ctxOf(c)} preview={preview} form={form} />);
    } catch (error) {
      if (!(error instanceof AppError) || error.kind !== 'invalid') throw error;
      return calendarPage(c, year, { correction: { form, errors: dateErrors(error, input) } }, 400);
    }
  });

  app.post('/console/calendar/:year', only('legal-office'), async (c) => {
    const started = await calendarForm(c);
    if ('page' in started) return started.page;
    const { year, writable, form, input } = started;
    try {
      const checked = parseOrThrow(CalendarYearInput(), input, 'body');
      const saved = await correctCalendarYear(writable, c.get('identity'), year, checked, versionOf(form));
      return c.redirect(`/console/calendar?year=${year}&done=calendar&cases=${saved.recomputed.cases}&moved=${saved.recomputed.deadlinesMoved}`, 303);
    } catch (error) {
      if (!invalidOrConflict(error)) throw error;
      const found =
        error.code === 'VERSION_MISMATCH'
          ? [{ field: '', message: `${year}年的节假日安排在您预览后已被他人更正，未保存您的更正。请核对下方现行安排后重新填写。` }]
          : dateErrors(error, input);
      return calendarPage(c, year, { correction: { form, errors: found } }, error.kind === 'invalid' ? 400 : 409);
    }
  });

  // Notification subscriptions (legal office): the use cases of POST/GET/DELETE /subscriptions, POST /subscriptions/{id}/test, GET /deliveries

  const subscriptionDeps = (): SubscriptionDeps | undefined => {
    const { subscriptions, deliveries, notifier, secretBox, targetPolicy } = deps;
    return subscriptions && deliveries && notifier && secretBox && targetPolicy
      ? { ...deps, subscriptions, deliveries, notifier, secretBox, targetPolicy }
      : undefined;
  };
  const noSubscriptions = (c: C) =>
    html(c, <MessagePage ctx={ctxOf(c)} title="暂不可用" message="此环境未开通通知订阅，请使用接口 /subscriptions。" status={503} />, 503);
  const subscriptionIdOf = (c: C) => notFoundUnless(c, () => parseOrThrow(SubscriptionId(), c.req.param('subscriptionId'), 'path'));

  type SubscriptionsState = Omit<Parameters<typeof SubscriptionsPage>[0], 'ctx' | 'subscriptions' | 'deliveries' | 'agencies' | 'idempotencyKey'> & { idempotencyKey?: string | undefined };

  async function subscriptionsPage(c: C, notify: SubscriptionDeps, state: SubscriptionsState, status = 200) {
    const identity = c.get('identity');
    const [subscriptions, deliveries, agencies] = await Promise.all([
      listSubscriptions(notify, identity, { limit: 200 }),
      listDeliveries(notify, identity, {}, { limit: 20 }),
      allAgencies(deps, identity),
    ]);
    return html(
      c,
      <SubscriptionsPage
        ctx={ctxOf(c)}
        subscriptions={subscriptions.items}
        deliveries={deliveries.items}
        agencies={agencies}
        {...state}
        idempotencyKey={state.idempotencyKey ?? notify.newId()}
      />,
      status,
    );
  }

  app.get('/console/subscriptions', only('legal-office'), async (c) => {
    const notify = subscriptionDeps();
    if (!notify) return noSubscriptions(c);
    return subscriptionsPage(c, notify, { form: {}, errors: [], notice: doneNotices[c.req.query('done') ?? ''] });
  });

  /** The form's key is a ULID made when the form was shown: it becomes the subscription's id, so a form sent twice adds one. */
  const SUBSCRIPTION_KEY = /^[0-9A-HJKMNP-TV-Z]{26}$/;

  app.post('/console/subscriptions', only('legal-office'), async (c) => {
    const notify = subscriptionDeps();
    if (!notify) return noSubscriptions(c);
    const identity = c.get('identity');
    const form = c.get('form');
    const key = given(form, '_key');
    const events = Object.keys(form)
      .filter((name) => name.startsWith('events.') && form[name] === 'on')
      .map((name) => name.slice('events.'.length));
    const input = {
      ...optional(form, 'channel'),
      ...optional(form, 'target'),
      ...optional(form, 'secret'),
      events,
      ...optional(form, 'digest'),
      ...optional(form, 'agencyId'),
    };
    try {
      const subscription = parseOrThrow(NewSubscription(), input, 'body');
      const created = await createSubscription(notify, identity, subscription, key && SUBSCRIPTION_KEY.test(key) ? { id: key } : {});
      // The page with the new subscription and, for a webhook, its signing secret: shown this once, never stored in a link.
      return subscriptionsPage(c, notify, { form: {}, errors: [], created });
    } catch (error) {
      if (!invalidOrConflict(error)) throw error;
      // The schema names the codes (wecom, …); the clerk chose from labels.
      const errors = formErrors(error, subscriptionLabels).map((e) =>
        e.field.startsWith('events.')
          ? { ...e, field: 'events' }
          : e.field === 'channel'
            ? { field: 'channel', message: '渠道：请选择企业微信、钉钉、Webhook 或邮件' }
            : e,
      );
      const keyAgain = error.code === 'IDEMPOTENCY_KEY_REUSED' ? undefined : key;
      return subscriptionsPage(c, notify, { form, errors, idempotencyKey: keyAgain }, error.kind === 'invalid' ? 400 : 409);
    }
  });

  app.post('/console/subscriptions/:subscriptionId/test', only('legal-office'), async (c) => {
    const notify = subscriptionDeps();
    if (!notify) return noSubscriptions(c);
    const identity = c.get('identity');
    const id = subscriptionIdOf(c);
    const subscription = await getSubscription(notify, identity, id);
    const delivery = await testSubscription(notify, identity, id);
    return subscriptionsPage(c, notify, { form: {}, errors: [], tested: { delivery, target: subscription.target } });
  });

  app.get('/console/subscriptions/:subscriptionId/delete', only('legal-office'), async (c) => {
    const notify = subscriptionDeps();
    if (!notify) return noSubscriptions(c);
    const identity = c.get('identity');
    const subscription = await getSubscription(notify, identity, subscriptionIdOf(c));
    const agency = subscription.agencyId === undefined ? undefined : (await allAgencies(deps, identity)).find((a) => a.id === subscription.agencyId);
    return html(c, <DeleteSubscriptionPage ctx={ctxOf(c)} subscription={subscription} agencyName={subscription.agencyId === undefined ? '全局' : (agency?.name ?? subscription.agencyId)} />);
  });

  app.post('/console/subscriptions/:subscriptionId/delete', only('legal-office'), async (c) => {
    const notify = subscriptionDeps();
    if (!notify) return noSubscriptions(c);
    await deleteSubscription(notify, c.get('identity'), subscriptionIdOf(c));
    return c.redirect('/console/subscriptions?done=subscriptionDeleted', 303);
  });

  // Statistics

  /**
   * The figures of a window, of the whole district or of one agency (`agencyId`, as GET
   * /statistics?agencyId=): a head's are always the own agency's, another agency's are 404.
   */
  app.get('/console/statistics', async (c) => {
    const identity = c.get('identity');
    const asked = queryOf(c, ['from', 'to', 'agencyId']);
    const own = agencyScope(identity);
    const choices = own === undefined ? (await allAgencies(deps, identity)).map((a) => ({ id: a.id, name: a.name })) : [];
    try {
      const query = parseOrThrow(StatisticsQuery(), asked, 'query');
      const agencyId = query.agencyId ?? own;
      if (own === undefined && agencyId !== undefined && !choices.some((a) => a.id === agencyId)) {
        throw new AppError('invalid', 'VALIDATION_FAILED', { zh: '没有这个机关', en: 'no such agency' }, { errors: [{ in: 'query', path: 'agencyId', message: { zh: '没有这个机关', en: 'no such agency' } }] });
      }
      const byAgency = await statisticsByAgency(deps, identity, query);
      const [total, monthly, reports] = await Promise.all([
        // statisticsOf: a head naming another agency finds nothing (404), as in the API.
        agencyId !== undefined ? statisticsOf(deps, identity, { ...query, agencyId }) : Promise.resolve(byAgency.total),
        monthlyStatistics(deps, identity, { year: Number(byAgency.to.slice(0, 4)), ...(agencyId !== undefined ? { agencyId } : {}) }),
        has(c, 'agency-head') ? Promise.resolve([]) : monthlyReports(deps, identity),
      ]);
      return html(
        c,
        <StatisticsPage
          ctx={ctxOf(c)}
          from={byAgency.from}
          to={byAgency.to}
          total={total}
          months={monthly.months.map((m) => ({ month: m.month, figures: m }))}
          agencies={agencyId === undefined ? byAgency.agencies : byAgency.agencies.filter((a) => a.agencyId === agencyId)}
          reports={reports.slice(-12).reverse()}
          errors={[]}
          agencyChoices={choices}
          agencyId={agencyId}
        />,
      );
    } catch (error) {
      if (!(error instanceof AppError) || error.kind !== 'invalid') throw error;
      const errors = formErrors(error, { from: '起始日期', to: '截止日期', agencyId: '机关' });
      return html(
        c,
        <StatisticsPage ctx={ctxOf(c)} from={asked.from ?? ''} to={asked.to ?? ''} total={undefined} months={[]} agencies={[]} reports={[]} errors={errors} agencyChoices={choices} />,
        400,
      );
    }
  });

  app.get('/console/statistics.csv', async (c) => {
    const query = parseOrThrow(StatisticsQuery(), queryOf(c, ['from', 'to']), 'query');
    const { from, to, csv } = await statisticsCsvOf(deps, c.get('identity'), query);
    return c.body(csv, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="statistics-${from}-${to}.csv"`,
    });
  });

  app.notFound((c) => html(c as C, <MessagePage title="未找到" message="没有这个页面。" status={404} />, 404));

  app.onError((error, c) => {
    const ctx = (c as C).get('session') ? ctxOf(c as C) : undefined;
    if (error instanceof AppError) {
      if (error.kind === 'not-found') return html(c as C, <MessagePage ctx={ctx} title="未找到" message="没有这个页面，或您无权查看。" status={404} />, 404);
      if (error.kind === 'forbidden') return html(c as C, <MessagePage ctx={ctx} title="无权访问" message={textIn(error.detail, 'zh')} status={403} />, 403);
      if (error.kind === 'invalid') return html(c as C, <MessagePage ctx={ctx} title="请求有误" message={textIn(error.detail, 'zh')} status={400} />, 400);
      if (error.kind === 'unavailable') return html(c as C, <MessagePage ctx={ctx} title="请稍后重试" message={textIn(error.detail, 'zh')} status={503} />, 503);
    }
    log.error('console error', { error, path: c.req.path });
    return html(c as C, <MessagePage ctx={ctx} title="出错了" message="服务器发生意外错误，请稍后重试或联系管理员。" status={500} />, 500);
  });

  return app;
}

/** The field errors of a failed parse, as the API reports them. */
function parseError(issues: Parameters<typeof fieldErrors>[0]): AppError {
  return new AppError('invalid', 'VALIDATION_FAILED', { zh: '表单有误', en: 'invalid form' }, { errors: fieldErrors(issues, 'body') });
}

/** A malformed id in the path is a page that does not exist (404), as an id of another agency's case is. */
export function notFoundUnless<T>(_c: C, parse: () => T): T {
  try {
    return parse();
  } catch {
    throw new AppError('not-found', 'NOT_FOUND', { zh: '未找到', en: 'not found' });
  }
}

const filterLabels: Record<string, string> = {
  q: '搜索',
  kind: '案件类型',
  agencyId: '机关',
  status: '状态',
  open: '是否办结',
  receivedFrom: '收到日期自',
  receivedTo: '收到日期至',
  cursor: '分页',
  type: '期限类型',
  dueFrom: '届满日自',
  dueTo: '届满日至',
};

