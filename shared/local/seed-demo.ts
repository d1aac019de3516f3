/**
 * `npm run seed:demo`: a realistic year for newcomers, entered through the public API of a running
 * `npm start` (BASE_URL, default http://localhost:$PORT): a dozen agencies, reconsideration and
 * litigation cases at every stage, hearings with and without the head, and a few deadlines let
 * lapse, so the board, the alerts (`npm run sweep`) and the statistics show something real.
 * Running it again changes nothing: case numbers are fixed, and a taken number is skipped.
 */
import './quiet-sdk';
import { signLocalToken } from '../auth/local-jwt';
import { chinaToday, systemClock } from '../domain/clock';
import { addDays, weekday } from '../domain/dates';
import { idNumberCheckCharacter } from '../domain/id-number';

const base = process.env.BASE_URL ?? `http://localhost:${process.env.PORT ?? 3000}`;
const token = await signLocalToken({ role: 'legal-office', name: '演示数据', sub: 'seed-demo' });
const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
const today = chinaToday(systemClock);
const year = today.slice(0, 4);

/** A small deterministic generator, so every run enters the same year. */
let state = 20240601;
const random = () => {
  state = (state * 1103515245 + 12345) % 2 ** 31;
  return state / 2 ** 31;
};
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const workday = (date: string) => (weekday(date) === 6 ? addDays(date, 2) : weekday(date) === 0 ? addDays(date, 1) : date);
const upTo = (date: string) => (date > today ? today : date);

async function api(method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${base}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

try {
  await fetch(`${base}/health`);
} catch {
  process.stderr.write(`no API at ${base}: start it with \`npm start\` first (or set BASE_URL)\n`);
  process.exit(1);
}

const agencies: [string, string, string][] = [
  ['market-regulation', '区市场监督管理局', 'market-regulation'],
  ['public-security', '区公安分局', 'public-security'],
  ['natural-resources', '区自然资源局', 'natural-resources'],
  ['human-resources', '区人力资源和社会保障局', 'human-resources'],
  ['housing-construction', '区住房和城乡建设局', 'housing-construction'],
  ['ecology-environment', '区生态环境分局', 'ecology-environment'],
  ['transport', '区交通运输局', 'transport'],
  ['emergency-management', '区应急管理局', 'emergency-management'],
  ['urban-management', '区城市管理局', 'urban-management'],
  ['health', '区卫生健康局', 'health'],
  ['education', '区教育局', 'education'],
  ['taxation', '区税务局', 'taxation'],
];
for (const [id, name] of agencies) await api('POST', '/agencies', { id, name });

const surnames = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴'];
const given = ['伟', '芳', '娜', '敏', '静', '强', '磊', '军', '洋', '勇', '艳', '杰'];
const person = () => `${pick(surnames)}${pick(given)}${random() < 0.5 ? pick(given) : ''}`;
const idNumber = () => {
  const birth = `19${60 + Math.floor(random() * 40)}0${1 + Math.floor(random() * 9)}1${Math.floor(random() * 9)}`;
  const first17 = `140402${birth}${String(100 + Math.floor(random() * 899))}`;
  return `${first17}${idNumberCheckCharacter(first17)}`;
};
const companies = ['长治市某某商贸有限公司', '某某建材有限公司', '某某餐饮店', '某某物流有限公司', '某某房地产开发有限公司'];

let entered = 0;
let skipped = 0;
async function register(body: Record<string, unknown>): Promise<string | undefined> {
  const created = await api('POST', '/cases', body);
  if (created.status === 409) {
    skipped += 1;
    return undefined;
  }
  if (created.status !== 201) throw new Error(`register ${String(body.caseNumber)}: ${created.status} ${JSON.stringify(created.body)}`);
  entered += 1;
  return created.body.id as string;
}
async function steps(caseId: string, list: Record<string, unknown>[]): Promise<void> {
  for (const step of list) {
    if (String(step.on) > today) return;
    const result = await api('POST', `/cases/${caseId}/actions`, step);
    if (result.status !== 200) throw new Error(`${String(step.type)} on ${caseId}: ${result.status} ${JSON.stringify(result.body)}`);
  }
}

// Reconsideration: 40 applications over the last twelve months, older ones further along.
const reconOutcomes = ['uphold', 'uphold', 'dismiss', 'revoke', 'modify', 'confirm-illegal', 'order-performance', 'mediation'] as const;
for (let i = 0; i < 40; i++) {
  const receivedOn = workday(addDays(today, -360 + i * 9));
  const [agencyId, , field] = pick(agencies);
  const id = await register({
    kind: 'reconsideration',
    caseNumber: `潞复〔${receivedOn.slice(0, 4)}〕${100 + i}号`,
    agencyId,
    receivedOn,
    field,
    actType: pick(['penalty', 'penalty', 'coercion', 'information-disclosure', 'failure-to-perform', 'licensing']),
    procedure: i % 5 === 0 ? 'simple' : 'ordinary',
    parties: [{ role: 'applicant', name: person(), idNumber: idNumber() }],
    title: pick(['不服行政处罚决定', '不服政府信息公开答复', '申请履行法定职责', '不服行政强制措施']),
  });
  if (!id) continue;
  const age = i;
  if (age === 3) {
    await steps(id, [{ type: 'reject', on: addDays(receivedOn, 3), reason: 'out-of-time', reasonDetail: '超过法定申请期限' }]);
    continue;
  }
  if (age === 38) continue; // received, waiting for the review (or deemed accepted once it lapses)
  if (age === 36) {
    await steps(id, [{ type: 'request-correction', on: addDays(receivedOn, 2), items: '补充申请人身份证明' }]);
    continue;
  }
  const acceptedOn = workday(addDays(receivedOn, 2));
  const list: Record<string, unknown>[] = [{ type: 'accept', on: acceptedOn }];
  if (age !== 34) list.push({ type: 'send-copy', on: workday(addDays(acceptedOn, 3)) }); // 34: the copy is overdue
  if (age < 30) list.push({ type: 'receive-reply', on: workday(addDays(acceptedOn, 12)) });
  if (age === 10) list.push({ type: 'suspend', on: addDays(acceptedOn, 20), reason: 'awaiting-other-case' }, { type: 'resume', on: addDays(acceptedOn, 35) });
  if (age === 12) list.push({ type: 'extend', on: addDays(acceptedOn, 50), approvedBy: '复议机构负责人' });
  // 重大行政复议应诉案件集体研究制度: two major cases studied by the 行政复议委员会 before their decision, one still waiting.
  if (age === 15 || age === 20 || age === 27) list.push({ type: 'mark-major', on: upTo(addDays(acceptedOn, 16)), reasonDetail: '涉及人数众多，社会影响较大' });
  if (age === 15 || age === 20) list.push({ type: 'collective-review', on: upTo(addDays(acceptedOn, 30)), forum: 'committee', conclusion: '行政复议委员会咨询意见：建议依法作出决定' });
  if (age === 7) list.push({ type: 'terminate', on: addDays(acceptedOn, 25), reason: 'withdrawn', reasonDetail: '申请人撤回申请' });
  else if (age < 26) list.push({ type: 'decide', on: upTo(workday(addDays(acceptedOn, 40 + (age % 15)))), outcome: reconOutcomes[age % reconOutcomes.length] });
  await steps(id, list);
}

// Litigation: 60 cases; hearings with the head (mostly), appeals, judicial suggestions.
const litOutcomes = ['claims-dismissed', 'claims-dismissed', 'suit-dismissed', 'withdrawn', 'revoke', 'confirm-illegal', 'mediation'] as const;
const hearings: { caseId: string; at: string; head: boolean }[] = [];
for (let i = 0; i < 60; i++) {
  const receivedOn = workday(addDays(today, -365 + i * 6));
  const [agencyId] = pick(agencies);
  const id = await register({
    kind: 'litigation',
    caseNumber: `(${receivedOn.slice(0, 4)})晋0403行初${200 + i}号`,
    agencyId,
    receivedOn,
    court: '长治市潞州区人民法院',
    filedOn: addDays(receivedOn, -4),
    parties: [{ role: 'plaintiff', name: random() < 0.5 ? person() : pick(companies) }],
    title: pick(['诉行政处罚', '诉行政强制', '诉政府信息公开', '诉不履行法定职责']),
  });
  if (!id) continue;
  if (i === 57) continue; // the defense is overdue: nothing filed
  await steps(id, [{ type: 'file-defense', on: workday(addDays(receivedOn, 8)) }]);
  const hearingOn = workday(addDays(receivedOn, 35));
  if (hearingOn <= today) hearings.push({ caseId: id, at: `${hearingOn}T09:30:00+08:00`, head: i % 9 !== 4 });
  else if (i > 52) hearings.push({ caseId: id, at: `${hearingOn}T14:30:00+08:00`, head: i % 2 === 0 });
  if (i < 45) {
    const outcome = litOutcomes[i % litOutcomes.length]!;
    const judged = workday(addDays(receivedOn, 50));
    const list: Record<string, unknown>[] = [
      { type: 'judge', on: judged, servedOn: addDays(judged, 2), form: outcome === 'suit-dismissed' || outcome === 'withdrawn' ? 'ruling' : 'judgment', instance: 'first', outcome },
    ];
    if (i % 8 === 1) {
      list.push(
        { type: 'appeal', on: addDays(judged, 9), by: 'plaintiff' },
        { type: 'judge', on: workday(addDays(judged, 80)), servedOn: workday(addDays(judged, 82)), form: 'judgment', instance: 'second', outcome: 'claims-dismissed' },
        { type: 'conclude', on: workday(addDays(judged, 82)), outcome: 'claims-dismissed' },
      );
    } else {
      list.push({ type: 'conclude', on: upTo(addDays(judged, 18)), outcome });
    }
    if (i === 20) list.push({ type: 'receive-judicial-suggestion', on: upTo(addDays(judged, 30)), subject: '规范行政处罚程序' });
    // A major case (重大行政复议应诉案件集体研究制度): studied at the district government's meeting before the judgment.
    if (i === 10) list.unshift({ type: 'mark-major', on: addDays(receivedOn, 10), reasonDetail: '涉及重大公共利益' }, { type: 'collective-review', on: addDays(receivedOn, 40), forum: 'government-meeting', conclusion: '积极应诉，负责人出庭' });
    await steps(id, list);
  }
}

for (const hearing of hearings) {
  const created = await api('POST', `/cases/${hearing.caseId}/hearings`, { scheduledAt: hearing.at, court: '长治市潞州区人民法院', courtroom: '第二法庭', kind: 'court' });
  if (created.status !== 201) continue;
  const hearingId = created.body.id as string;
  if (hearing.at.slice(0, 10) > today) {
    // Upcoming: half confirmed by the head, the others waiting (the sweep raises hearing-unconfirmed).
    if (hearing.head) await api('PUT', `/hearings/${hearingId}/confirmation`, { attendance: 'head', head: { name: '李局长', title: 'deputy' } });
    continue;
  }
  await api('PUT', `/hearings/${hearingId}/attendance`, hearing.head
    ? { held: true, headAppeared: true, appearedName: `${pick(surnames)}局长`, appearedTitle: pick(['principal', 'deputy', 'supervising']) }
    : { held: true, headAppeared: false, others: [{ name: person(), position: '法制科科长' }] });
}

process.stdout.write(
  `demo year entered: ${entered} cases (${skipped} already there), ${hearings.length} hearings, ${agencies.length} agencies.\n` +
    `Try: GET /deadlines?status=overdue, GET /statistics?from=${year}-01-01, and \`npm run sweep\` for alerts.\n`,
);
