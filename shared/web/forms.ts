import { createHash } from 'node:crypto';
import type { Identity } from '../auth/identity';
import type { IdempotencyClaim } from '../domain/cases';
import {
  appellants,
  collectiveReviewForums,
  instances,
  judgmentForms,
  litigationOutcomes,
  procedures,
  reconsiderationOutcomes,
  rejectionReasons,
  rulingTypes,
  suspensionReasons,
  terminationReasons,
  type CaseKind,
} from '../domain/enums';
import { AppError, textIn } from '../domain/errors';
import type { FormError } from './ui';

/** A submitted form: each field's text (files are not accepted). */
export type FormData = Record<string, string>;

/** The field's trimmed text; an empty field is a field not given (the schema then says 必填 where it must). */
export function given(form: FormData, name: string): string | undefined {
  const value = form[name]?.trim();
  return value ? value : undefined;
}

/** Sets `key` only when the field was filled in. */
export function optional(form: FormData, name: string, key: string = name): Record<string, string> {
  const value = given(form, name);
  return value === undefined ? {} : { [key]: value };
}

/**
 * The idempotency claim of a console form: its hidden key (one per form shown), scoped to the
 * operation and the signed-in user like an `Idempotency-Key` header, with the parsed input as
 * fingerprint. A form sent twice (a double click, a reload after a slow answer) registers once.
 */
export function formClaim(operation: string, identity: Identity, form: FormData, input: unknown): IdempotencyClaim | undefined {
  const key = given(form, '_key');
  if (!key || !/^[\w-]{8,64}$/.test(key)) return undefined;
  return {
    key: `${operation}\n${identity.sub}\nconsole:${key}`,
    fingerprint: createHash('sha256').update(JSON.stringify(input)).digest('base64url'),
  };
}

export function versionOf(form: FormData): number | undefined {
  const value = given(form, '_version');
  return value && /^\d{1,9}$/.test(value) ? Number(value) : undefined;
}

/**
 * The errors of a refused submission, as the form shows them: each field error next to its field
 * (the API's field paths are the form's field names), anything else in the summary.
 */
export function formErrors(error: AppError, names?: Readonly<Record<string, string>>): FormError[] {
  if (error.errors && error.errors.length > 0) {
    return error.errors.map((e) => {
      const label = names?.[e.path] ?? names?.[e.path.replace(/\.\d+\./, '.0.')];
      const message = textIn(e.message, 'zh');
      return { field: e.path, message: label ? `${label}：${message}` : message };
    });
  }
  return [{ field: '', message: textIn(error.detail, 'zh') }];
}

export interface ActionField {
  name: string;
  label: string;
  kind: 'text' | 'textarea' | 'select' | 'date' | 'number';
  options?: Readonly<Record<string, string>>;
  optional?: boolean;
  hint?: string;
}

const date = (name: string, label: string, optional = false, hint?: string): ActionField => ({
  name,
  label,
  kind: 'date',
  ...(optional ? { optional } : {}),
  hint: hint ?? '格式：2024-09-27',
});
const select = (name: string, label: string, options: Readonly<Record<string, string>>, optional = false): ActionField => ({
  name,
  label,
  kind: 'select',
  options,
  ...(optional ? { optional } : {}),
});
const textarea = (name: string, label: string, optional = false): ActionField => ({ name, label, kind: 'textarea', ...(optional ? { optional } : {}) });

const performedOptions = { true: '已履行', false: '未履行' } as const;

/** The fields each step needs (besides its date `on`), after the step's schema (shared/http/schemas/cases.ts). */
export function actionFields(type: string, kind: CaseKind): ActionField[] {
  switch (type) {
    case 'request-correction':
      return [textarea('items', '补正事项', true), date('servedOn', '申请人收到补正通知的日期', true, '不填则为通知日期')];
    case 'extend-correction':
      return [date('until', '延长至'), textarea('reason', '理由')];
    case 'accept':
      return [select('procedure', '适用程序', procedures, true)];
    case 'reject':
      return [select('reason', '不予受理理由', rejectionReasons), textarea('reasonDetail', '说明', true)];
    case 'send-copy':
      return [date('servedOn', '被申请人收到副本的日期', true, '不填则答复期限自发送之日起算')];
    case 'suspend':
      return [select('reason', '中止理由', suspensionReasons), textarea('reasonDetail', '说明', true)];
    case 'extend':
      return [{ name: 'approvedBy', label: '批准人', kind: 'text' }, { name: 'days', label: '延长天数', kind: 'number', optional: true, hint: '至多30日' }];
    case 'decide':
      return [select('outcome', '复议决定', reconsiderationOutcomes)];
    case 'terminate':
      return [select('reason', '终止理由', terminationReasons), textarea('reasonDetail', '说明', true)];
    case 'record-performance':
      return [select('performed', '履行情况', performedOptions, true)];
    case 'judge':
      return [
        select('form', '裁判形式', judgmentForms),
        select('instance', '审级', instances),
        select('outcome', '裁判结果', litigationOutcomes),
        date('servedOn', '送达日期'),
        select('rulingType', '裁定类型', rulingTypes, true),
      ];
    case 'appeal':
      return [select('by', '上诉方', appellants)];
    case 'conclude':
      return [select('outcome', '最终结果', litigationOutcomes)];
    case 'receive-judicial-suggestion':
      return [date('replyDueOn', '法院要求的回复期限', true, '不填则为60日'), { name: 'subject', label: '建议事项', kind: 'text', optional: true }];
    case 'correct-outcome':
      return [select('outcome', '正确的结果', kind === 'litigation' ? litigationOutcomes : reconsiderationOutcomes), textarea('reason', '更正原因', true)];
    case 'mark-major':
      return [textarea('reasonDetail', '列为重大案件的理由')];
    case 'collective-review':
      return [select('forum', '研究形式', collectiveReviewForums), textarea('conclusion', '研究结论')];
    default:
      return [];
  }
}

/** The step as the API takes it, from its form: numbers and booleans converted, empty fields left out. */
export function actionInput(type: string, kind: CaseKind, form: FormData): Record<string, unknown> {
  const input: Record<string, unknown> = { type, ...optional(form, 'on') };
  for (const field of actionFields(type, kind)) {
    const value = given(form, field.name);
    if (value === undefined) continue;
    if (field.kind === 'number') input[field.name] = /^\d+$/.test(value) ? Number(value) : value;
    else if (field.name === 'performed') input[field.name] = value === 'true';
    else input[field.name] = value;
  }
  return input;
}

/** Form field names → labels, for the error summary. */
export function actionLabels(type: string, kind: CaseKind): Record<string, string> {
  return Object.fromEntries([['on', '发生日期'], ...actionFields(type, kind).map((f) => [f.name, f.label])]);
}

/** A line of a date list: one date, or a range (2025-10-01至2025-10-08), and anything after a space is a note. */
// 至 到 ~ ～ — --, then ， , 、 (escaped: esbuild keeps a regex literal's characters, and bundles stay ASCII)
const DATE_LINE = /^(\d{4}-\d{1,2}-\d{1,2})(?:\s*(?:\u81f3|\u5230|~|\uff5e|\u2014|--?)\s*(\d{4}-\d{1,2}-\d{1,2}))?(?:[\s\uff0c,\u3001].*)?$/;
const padDate = (date: string) =>
  date
    .split('-')
    .map((part, i) => (i === 0 ? part : part.padStart(2, '0')))
    .join('-');

/**
 * The dates of a textarea a clerk fills in: one date or one range per line (as the State Council's
 * notice lists them), a note after the date allowed. Sorted, without repeats; each line that is not
 * a date is an error of the field naming the line.
 */
export function datesOf(text: string | undefined, field: string, label: string): { dates: string[]; errors: FormError[] } {
  const dates = new Set<string>();
  const errors: FormError[] = [];
  const lines = (text ?? '').split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    const match = DATE_LINE.exec(line);
    if (!match?.[1]) {
      errors.push({ field, message: `${label}第${i + 1}行“${line.slice(0, 30)}”：不是日期，应写作 2025-10-01，或 2025-10-01至2025-10-08` });
      return;
    }
    const first = padDate(match[1]);
    // One date: the schema judges it (2025-02-30 is refused there, with the date named).
    if (!match[2]) {
      dates.add(first);
      return;
    }
    const last = padDate(match[2]);
    const start = Date.parse(`${first}T00:00:00Z`);
    const end = Date.parse(`${last}T00:00:00Z`);
    const real = (date: string, at: number) => !Number.isNaN(at) && new Date(at).toISOString().slice(0, 10) === date;
    if (!real(first, start) || !real(last, end) || end < start || end - start > 40 * 86_400_000) {
      errors.push({ field, message: `${label}第${i + 1}行“${line.slice(0, 30)}”：起止日期有误（须为真实日期，结束日不早于开始日，一段至多40日）` });
      return;
    }
    for (let t = start; t <= end; t += 86_400_000) dates.add(new Date(t).toISOString().slice(0, 10));
  });
  return { dates: [...dates].sort(), errors };
}
