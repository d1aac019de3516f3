import { deadlineTypes } from '../domain/enums';
import type { OutgoingMessage } from './channels/result';
import { notificationEvents, type Notice, type NotificationEvent } from '../domain/notifications';

/**
 * The messages in Chinese. They carry the case number, the agency, the deadline, its due date and
 * a link to the console; they are built from a Notice only, which holds no party name or ID number.
 */
export interface MessageContext {
  /** e.g. http://localhost:3000 (CONSOLE_BASE_URL) */
  consoleBaseUrl: string;
  agencyName: (agencyId: string) => string;
  /** when the message was first made (RFC 3339): the webhook body's `timestamp`, the same on retries */
  at: string;
}

/** 企业微信 accepts 4,096 bytes of markdown; 钉钉 more. Digests are cut to stay under this. */
const MAX_MARKDOWN_BYTES = 3800;
const DIGEST_ORDER: NotificationEvent[] = ['deadline-overdue', 'hearing-unconfirmed', 'deadline-approaching', 'deemed-acceptance', 'statistics-monthly'];

const base = (ctx: MessageContext) => ctx.consoleBaseUrl.replace(/\/+$/, '');
export const caseUrl = (ctx: MessageContext, caseId: string) => `${base(ctx)}/cases/${encodeURIComponent(caseId)}`;
const noticeUrl = (ctx: MessageContext, notice: Notice) => (notice.caseId ? caseUrl(ctx, notice.caseId) : `${base(ctx)}/reports`);

/** `2024-10-15T09:30:00+08:00` → `2024-10-15 09:30` (China time) */
function hearingTime(scheduledAt: string): string {
  const date = new Date(scheduledAt);
  if (Number.isNaN(date.getTime())) return scheduledAt;
  return new Date(date.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** The facts of a notice as label/value pairs, in the order a clerk reads them. */
function facts(notice: Notice, ctx: MessageContext): [string, string][] {
  const rows: [string, string][] = [];
  if (notice.caseNumber) rows.push(['案号', notice.caseNumber]);
  if (notice.agencyId) rows.push(['机关', ctx.agencyName(notice.agencyId)]);
  if (notice.hearing) rows.push(['开庭时间', hearingTime(notice.hearing.scheduledAt)]);
  if (notice.deadline) {
    rows.push(['期限', deadlineTypes[notice.deadline.type] ?? notice.deadline.type]);
    rows.push([notice.event === 'hearing-unconfirmed' ? '应确认日' : '届满日', notice.deadline.dueOn]);
    rows.push(['依据', notice.deadline.basis]);
  }
  if (notice.month) rows.push(['月份', notice.month]);
  return rows;
}

function headline(notice: Notice): string {
  return `【${notificationEvents[notice.event]}】${notice.caseNumber ?? notice.month ?? ''}`;
}

/** The alert as a webhook's `data`: the alert's own fields, the agency's name and the console link. */
function webhookData(notice: Notice, ctx: MessageContext) {
  return {
    id: notice.id,
    type: notice.event,
    raisedOn: notice.raisedOn,
    ...(notice.caseId ? { caseId: notice.caseId } : {}),
    ...(notice.caseNumber ? { caseNumber: notice.caseNumber } : {}),
    ...(notice.agencyId ? { agencyId: notice.agencyId, agencyName: ctx.agencyName(notice.agencyId) } : {}),
    ...(notice.deadline ? { deadline: notice.deadline } : {}),
    ...(notice.hearing ? { hearing: notice.hearing } : {}),
    ...(notice.month ? { month: notice.month } : {}),
    message: notice.summary,
    url: noticeUrl(ctx, notice),
  };
}

export function noticeMessage(notice: Notice, ctx: MessageContext): OutgoingMessage {
  const rows = facts(notice, ctx);
  const url = noticeUrl(ctx, notice);
  const title = headline(notice);
  const markdown = [`### ${title}`, ...rows.map(([label, value]) => `> ${label}：${value}`), `[在控制台查看](${url})`].join('\n\n');
  const text = [title, '', ...rows.map(([label, value]) => `${label}：${value}`), '', `在控制台查看：${url}`, '', '（本邮件由案件管理系统自动发送）'].join('\n');
  return { title, markdown, text, webhook: { type: notice.event, timestamp: ctx.at, data: webhookData(notice, ctx) } };
}

function digestLine(notice: Notice, ctx: MessageContext): string {
  const parts = [notice.agencyId ? ctx.agencyName(notice.agencyId) : undefined];
  if (notice.hearing) parts.push(`开庭 ${hearingTime(notice.hearing.scheduledAt)}`);
  if (notice.deadline) parts.push(`${deadlineTypes[notice.deadline.type] ?? notice.deadline.type} ${notice.deadline.dueOn}`);
  return `[${notice.caseNumber ?? notice.month ?? notice.id}](${noticeUrl(ctx, notice)}) ${parts.filter(Boolean).join(' · ')}`;
}

/** A day's alerts in one message, grouped by kind, most urgent first. */
export function digestMessage(date: string, notices: readonly Notice[], ctx: MessageContext): OutgoingMessage {
  const title = `每日提醒汇总 ${date}（共${notices.length}条）`;
  const md: string[] = [`### ${title}`];
  const text: string[] = [title];
  let left = notices.length;
  let bytes = Buffer.byteLength(md[0] ?? '');
  let cut = false;
  for (const event of DIGEST_ORDER) {
    const group = notices.filter((n) => n.event === event);
    if (group.length === 0) continue;
    const heading = `#### ${notificationEvents[event]}（${group.length}条）`;
    bytes += Buffer.byteLength(heading) + 2;
    if (!cut) md.push(heading);
    text.push('', `${notificationEvents[event]}（${group.length}条）`);
    for (const notice of group) {
      const line = `- ${digestLine(notice, ctx)}`;
      bytes += Buffer.byteLength(line) + 2;
      if (!cut && bytes > MAX_MARKDOWN_BYTES) cut = true;
      if (!cut) {
        md.push(line);
        left -= 1;
      }
      text.push(`- ${notice.summary}  ${noticeUrl(ctx, notice)}`);
    }
  }
  if (cut) md.push(`另有${left}条未列出，请[在控制台查看](${base(ctx)}/deadlines)`);
  return {
    title,
    markdown: md.join('\n\n'),
    text: [...text, '', '（本邮件由案件管理系统自动发送）'].join('\n'),
    webhook: { type: 'notification-digest', timestamp: ctx.at, data: { date, count: notices.length, alerts: notices.map((n) => webhookData(n, ctx)) } },
  };
}

export function testMessage(ctx: MessageContext): OutgoingMessage {
  const title = '【测试消息】案件管理系统提醒订阅';
  const line = '这是一条测试消息：订阅已配置成功，期限提醒将推送到这里。';
  return {
    title,
    markdown: [`### ${title}`, line, `[打开控制台](${base(ctx)}/)`].join('\n\n'),
    text: [title, '', line, `${base(ctx)}/`].join('\n'),
    webhook: { type: 'subscription-test', timestamp: ctx.at, data: { message: line } },
  };
}
