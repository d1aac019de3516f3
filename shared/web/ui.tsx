import type { Child } from 'hono/jsx';
import type { Identity } from '../auth/identity';
import { roles as roleLabels } from '../domain/enums';

/** One field's error, by the field's form name (`parties.0.name`). */
export interface FormError {
  field: string;
  message: string;
}

/** The id of a field's input: its form name with `.` → `-`, prefixed to keep forms on one page apart. */
export const fieldId = (name: string, prefix = 'f') => `${prefix}-${name.replace(/[^\w-]/g, '-')}`;

export interface PageProps {
  title: string;
  identity?: Identity | undefined;
  csrf?: string | undefined;
  /** reload the page every so many seconds (a running background job); no script needed */
  refreshSeconds?: number | undefined;
  children?: Child;
}

function navOf(identity: Identity): [string, string][] {
  if (identity.roles.includes('legal-office')) {
    return [
      ['/', '今日工作'],
      ['/console/cases', '案件'],
      ['/console/cases/new', '登记案件'],
      ['/console/deadlines', '期限'],
      ['/console/hearings', '庭审日历'],
      ['/console/imports', '导入台账'],
      ['/console/agencies', '机关'],
      ['/console/calendar', '节假日'],
      ['/console/subscriptions', '通知订阅'],
      ['/console/statistics', '统计'],
    ];
  }
  if (identity.roles.includes('agency-head')) {
    return [
      ['/', '待确认出庭'],
      ['/console/cases', '本机关案件'],
      ['/console/deadlines', '期限'],
      ['/console/statistics', '统计'],
    ];
  }
  return [['/console/statistics', '统计']];
}

export function Page({ title, identity, csrf, refreshSeconds, children }: PageProps) {
  return (
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {refreshSeconds ? <meta http-equiv="refresh" content={String(refreshSeconds)} /> : null}
        <title>{`${title} - 法治工作台`}</title>
        <link rel="stylesheet" href="/console/assets/console.css" />
      </head>
      <body>
        <a class="skip" href="#main">跳到正文</a>
        <header class="top">
          <a class="brand" href="/">法治工作台</a>
          {identity ? (
            <nav aria-label="主导航">
              <ul>
                {navOf(identity).map(([href, label]) => (
                  <li>
                    <a href={href}>{label}</a>
                  </li>
                ))}
              </ul>
            </nav>
          ) : null}
          {identity ? (
            <div class="who">
              <span>
                {identity.name}（{identity.roles.map((r) => roleLabels[r]).join('、') || '无角色'}）
              </span>
              <form method="post" action="/logout">
                <input type="hidden" name="_csrf" value={csrf ?? ''} />
                <button type="submit">退出</button>
              </form>
            </div>
          ) : null}
        </header>
        <main id="main">{children}</main>
      </body>
    </html>
  );
}

/** GOV.UK error summary: at the top, focusable, each error a link to its field. */
export function ErrorSummary({ errors, prefix = 'f', title = '提交的内容有误' }: { errors: FormError[]; prefix?: string; title?: string }) {
  if (errors.length === 0) return null;
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex={-1}>
      <h2 id="error-summary-title">{title}</h2>
      <ul>
        {errors.map((e) => (
          <li>{e.field ? <a href={`#${fieldId(e.field, prefix)}`}>{e.message}</a> : e.message}</li>
        ))}
      </ul>
    </div>
  );
}

export interface FieldProps {
  name: string;
  label: string;
  hint?: string | undefined;
  value?: string | undefined;
  errors?: FormError[] | undefined;
  prefix?: string | undefined;
  kind?: 'text' | 'textarea' | 'select' | 'date' | 'number' | 'time';
  options?: Readonly<Record<string, string>> | undefined;
  optional?: boolean | undefined;
  autocomplete?: string | undefined;
}

/** A labelled field with its hint and its inline error. */
export function Field({ name, label, hint, value, errors = [], prefix = 'f', kind = 'text', options, optional, autocomplete }: FieldProps) {
  const id = fieldId(name, prefix);
  const error = errors.find((e) => e.field === name);
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const common = { id, name, 'aria-describedby': described, 'aria-invalid': error ? 'true' : undefined };
  return (
    <div class={error ? 'field field-error' : 'field'}>
      <label for={id}>
        {label}
        {optional ? '（选填）' : ''}
      </label>
      {hint ? (
        <span class="hint" id={`${id}-hint`}>
          {hint}
        </span>
      ) : null}
      {error ? (
        <span class="error-message" id={`${id}-error`}>
          <span class="skip">错误：</span>
          {error.message}
        </span>
      ) : null}
      {kind === 'textarea' ? (
        <textarea {...common}>{value ?? ''}</textarea>
      ) : kind === 'select' ? (
        <select {...common}>
          <option value="">{optional ? '（不填）' : '请选择'}</option>
          {Object.entries(options ?? {}).map(([code, text]) => (
            <option value={code} selected={code === value}>
              {text}
            </option>
          ))}
        </select>
      ) : (
        <input
          {...common}
          type="text"
          value={value ?? ''}
          inputmode={kind === 'number' ? 'numeric' : undefined}
          autocomplete={autocomplete ?? 'off'}
          spellcheck={false}
        />
      )}
    </div>
  );
}

export function Hidden({ csrf, idempotencyKey, version }: { csrf: string; idempotencyKey?: string | undefined; version?: number | undefined }) {
  return (
    <>
      <input type="hidden" name="_csrf" value={csrf} />
      {idempotencyKey ? <input type="hidden" name="_key" value={idempotencyKey} /> : null}
      {version !== undefined ? <input type="hidden" name="_version" value={String(version)} /> : null}
    </>
  );
}

export function Tag({ tone, children }: { tone?: string | undefined; children?: Child }) {
  return <strong class={tone ? `tag ${tone}` : 'tag'}>{children}</strong>;
}

export function Notice({ children }: { children?: Child }) {
  return (
    <div class="notice" role="status">
      {children}
    </div>
  );
}
