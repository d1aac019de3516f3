import { roles } from '../../domain/enums';
import { ErrorSummary, Field, Notice, Page, type FormError } from '../ui';

export function DevLoginPage({ csrf, next, form, errors, notice }: { csrf: string; next: string; form: Record<string, string>; errors: FormError[]; notice?: string | undefined }) {
  return (
    <Page title="登录">
      <ErrorSummary errors={errors} />
      {notice ? <Notice>{notice}</Notice> : null}
      <h1>登录（本地开发）</h1>
      <p>本地开发环境用此表单登录；部署到云上后通过统一身份认证登录。</p>
      <form method="post" action="/login" novalidate>
        <input type="hidden" name="_csrf" value={csrf} />
        <input type="hidden" name="next" value={next} />
        <Field name="role" label="角色" kind="select" options={roles} value={form.role} errors={errors} />
        <Field name="agencyId" label="机关" hint="行政机关负责人必填：所属机关的标识，如 market-regulation" value={form.agencyId} errors={errors} optional />
        <Field name="name" label="姓名" value={form.name} errors={errors} autocomplete="name" />
        <button type="submit">登录</button>
      </form>
    </Page>
  );
}

export function OidcLoginPage({ next, notice }: { next: string; notice?: string | undefined }) {
  return (
    <Page title="登录">
      {notice ? <Notice>{notice}</Notice> : null}
      <h1>登录</h1>
      <p>通过统一身份认证登录法治工作台。</p>
      <p>
        <a class="button" href={`/login/start?next=${encodeURIComponent(next)}`}>
          登录
        </a>
      </p>
    </Page>
  );
}
