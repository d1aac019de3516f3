import type { Identity } from '../../auth/identity';
import type { MonthlyReport } from '../../domain/reports';
import type { Figures } from '../../domain/statistics-report';
import { litigationOutcomes, reconsiderationOutcomes } from '../../domain/enums';
import { ErrorSummary, Field, Page, type FormError } from '../ui';

interface Ctx {
  identity: Identity;
  csrf: string;
  today: string;
}

const percent = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 1000) / 10}%`);

const colors = ['#1d70b8', '#d4351c', '#00703c', '#f47738'];

/** Vertical grouped bars: one group per label, one bar per series. Drawn on the server, no script. */
export function BarChart({ id, title, labels, series }: { id: string; title: string; labels: string[]; series: { name: string; values: number[] }[] }) {
  const width = 640;
  const height = 240;
  const left = 36;
  const bottom = 28;
  const top = 28;
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const group = (width - left) / Math.max(1, labels.length);
  const bar = Math.max(2, (group * 0.8) / series.length);
  const y = (v: number) => top + (height - top - bottom) * (1 - v / max);
  return (
    <svg class="chart" id={id} viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-title`}>
      <title id={`${id}-title`}>{title}</title>
      {series.map((s, i) => (
        <g>
          <rect x={left + i * 110} y={4} width={12} height={12} fill={colors[i % colors.length]} />
          <text x={left + i * 110 + 16} y={15} font-size="12">
            {s.name}
          </text>
        </g>
      ))}
      <line x1={left} y1={height - bottom} x2={width} y2={height - bottom} stroke="#0b0c0c" />
      <text x={left - 4} y={top + 4} font-size="11" text-anchor="end">
        {max}
      </text>
      <text x={left - 4} y={height - bottom} font-size="11" text-anchor="end">
        0
      </text>
      {labels.map((l, gi) => (
        <g>
          {series.map((s, si) => {
            const v = s.values[gi] ?? 0;
            return (
              <rect x={left + gi * group + group * 0.1 + si * bar} y={y(v)} width={bar - 1} height={height - bottom - y(v)} fill={colors[si % colors.length]}>
                <title>{`${l} ${s.name}：${v}`}</title>
              </rect>
            );
          })}
          <text x={left + gi * group + group / 2} y={height - 10} font-size="11" text-anchor="middle">
            {l}
          </text>
        </g>
      ))}
    </svg>
  );
}

/** Horizontal bars, one per row, with the value written at the bar's end. */
export function RowChart({ id, title, rows, format }: { id: string; title: string; rows: { label: string; value: number }[]; format?: (v: number) => string }) {
  const width = 640;
  const row = 26;
  const left = 190;
  const height = Math.max(1, rows.length) * row + 8;
  const max = format ? 1 : Math.max(1, ...rows.map((r) => r.value));
  return (
    <svg class="chart" id={id} viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-title`}>
      <title id={`${id}-title`}>{title}</title>
      {rows.length === 0 ? (
        <text x={8} y={20} font-size="13">
          没有数据
        </text>
      ) : null}
      {rows.map((r, i) => {
        const w = ((width - left - 70) * Math.min(r.value, max)) / max;
        return (
          <g>
            <text x={left - 8} y={i * row + 20} font-size="13" text-anchor="end">
              {r.label}
            </text>
            <rect x={left} y={i * row + 6} width={Math.max(w, 1)} height={row - 8} fill="#1d70b8" />
            <text x={left + w + 6} y={i * row + 20} font-size="13">
              {format ? format(r.value) : String(r.value)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

export function StatisticsPage({
  ctx,
  from,
  to,
  total,
  months,
  agencies,
  reports,
  errors,
  agencyChoices = [],
  agencyId,
}: {
  ctx: Ctx;
  from: string;
  to: string;
  /** the agencies the filter offers (none for a head: only the own agency's figures exist for a head) */
  agencyChoices?: { id: string; name: string }[];
  /** the agency the figures are of; none: the whole district */
  agencyId?: string | undefined;
  total: Figures | undefined;
  months: { month: string; figures: Pick<Figures, 'reconsideration' | 'litigation'> }[];
  agencies: { agencyName: string; figures: Figures }[];
  reports: MonthlyReport[];
  errors: FormError[];
}) {
  const monthLabels = months.map((m) => `${Number(m.month.slice(5))}月`);
  const outcomes = (byOutcome: Record<string, number>, labels: Record<string, string>) =>
    Object.entries(byOutcome)
      .filter(([, n]) => n > 0)
      .map(([code, n]) => ({ label: labels[code] ?? code, value: n }));
  const r = total?.reconsideration;
  const l = total?.litigation;
  return (
    <Page title="统计" identity={ctx.identity} csrf={ctx.csrf}>
      <ErrorSummary errors={errors} />
      <h1>统计</h1>
      <form method="get" action="/console/statistics" class="filters" aria-label="统计区间">
        <Field name="from" label="起始日期" hint="如 2026-01-01" value={from} errors={errors} />
        <Field name="to" label="截止日期" value={to} errors={errors} />
        {agencyChoices.length > 0 ? (
          <Field
            name="agencyId"
            label="机关"
            hint="不选则为全区合计"
            kind="select"
            options={Object.fromEntries(agencyChoices.map((a) => [a.id, a.name]))}
            value={agencyId}
            errors={errors}
            optional
          />
        ) : null}
        <div class="field">
          <button type="submit" class="secondary">
            查看
          </button>
        </div>
      </form>
      {r && l ? (
        <>
          <p>
            <a href={`/console/statistics.csv?from=${from}&to=${to}`} download>
              下载统计表（CSV）
            </a>
          </p>
          <table id="figures">
            <caption>
              {from} 至 {to}
              {agencyId ? `，${agencyChoices.find((a) => a.id === agencyId)?.name ?? agencies.find((a) => a.figures.agencyId === agencyId)?.agencyName ?? agencyId}` : '，全区'}
            </caption>
            <tbody>
              <tr>
                <th scope="row">行政复议 收案 / 受理 / 审结 / 未结</th>
                <td>
                  {r.received} / {r.accepted} / {r.concluded} / {r.pending}
                </td>
              </tr>
              <tr>
                <th scope="row">纠错率 / 决定纠错率</th>
                <td>
                  {percent(r.correctionRate)} / {percent(r.decisionCorrectionRate)}
                </td>
              </tr>
              <tr>
                <th scope="row">行政应诉 收案 / 审结 / 未结</th>
                <td>
                  {l.received} / {l.concluded} / {l.pending}
                </td>
              </tr>
              <tr>
                <th scope="row">败诉率</th>
                <td>{percent(l.lossRate)}</td>
              </tr>
              <tr>
                <th scope="row">负责人出庭应诉率（按案件审级 / 按庭次）</th>
                <td>
                  {percent(l.headAppearanceRate)} / {percent(l.hearingHeadAppearanceRate)}
                </td>
              </tr>
            </tbody>
          </table>
          <h2>按月收案与结案（{to.slice(0, 4)}年）</h2>
          <BarChart
            id="chart-reconsideration-months"
            title="行政复议：每月收案与审结"
            labels={monthLabels}
            series={[
              { name: '复议收案', values: months.map((m) => m.figures.reconsideration.received) },
              { name: '复议审结', values: months.map((m) => m.figures.reconsideration.concluded) },
            ]}
          />
          <BarChart
            id="chart-litigation-months"
            title="行政应诉：每月收案与审结"
            labels={monthLabels}
            series={[
              { name: '应诉收案', values: months.map((m) => m.figures.litigation.received) },
              { name: '应诉审结', values: months.map((m) => m.figures.litigation.concluded) },
            ]}
          />
          <h2>结果</h2>
          <RowChart id="chart-reconsideration-outcomes" title="行政复议审结结果" rows={outcomes(r.byOutcome, reconsiderationOutcomes)} />
          <RowChart id="chart-litigation-outcomes" title="行政应诉审结结果" rows={outcomes(l.byOutcome, litigationOutcomes)} />
          <h2>纠错率与败诉率</h2>
          <RowChart
            id="chart-rates"
            title="纠错率、败诉率与负责人出庭应诉率"
            format={percent}
            // A rate without cases behind it (null: nothing concluded, no hearing held) is left out,
            // not drawn as 0 %: the table above shows it as —.
            rows={[
              { label: '行政复议纠错率', value: r.correctionRate },
              { label: '行政应诉败诉率', value: l.lossRate },
              { label: '负责人出庭应诉率', value: l.headAppearanceRate },
            ].flatMap((row) => (row.value === null || row.value === undefined ? [] : [{ label: row.label, value: row.value }]))}
          />
          <h2>各机关负责人出庭应诉率</h2>
          <RowChart
            id="chart-head-appearance"
            title="各机关负责人出庭应诉率"
            format={percent}
            rows={agencies.filter((a) => a.figures.litigation.headAppearanceRate !== null).map((a) => ({ label: a.agencyName, value: a.figures.litigation.headAppearanceRate ?? 0 }))}
          />
        </>
      ) : null}
      <h2>月度通报</h2>
      {reports.length === 0 ? <p>尚无月度通报。</p> : null}
      <table class="responsive">
        <tbody>
          {reports.map((report) => (
            <tr>
              <th scope="row">{report.month}</th>
              <td>
                复议收案 {report.total.reconsideration.received}，审结 {report.total.reconsideration.concluded}；应诉收案 {report.total.litigation.received}，审结{' '}
                {report.total.litigation.concluded}；负责人出庭应诉率 {percent(report.total.litigation.headAppearanceRate)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Page>
  );
}
