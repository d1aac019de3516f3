import { percent, type YearFigures } from '../domain/annual-report';

export interface AnnualDocument {
  year: number;
  /** the report paragraph and the comparison with the year before */
  paragraphs: string[];
  total: YearFigures;
  agencies: { name: string; figures: YearFigures }[];
}

export const DOCX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const rate = (value: number | null) => (value === null ? '—' : percent(value));

const columns: [string, (f: YearFigures) => string][] = [
  ['行政复议受理', (f) => String(f.reconsideration.accepted)],
  ['行政复议审结', (f) => String(f.reconsideration.concluded)],
  ['直接纠错率', (f) => rate(f.reconsideration.correctionRate)],
  ['行政应诉办理', (f) => String(f.litigation.handled)],
  ['行政应诉审结', (f) => String(f.litigation.concluded)],
  ['败诉率', (f) => rate(f.litigation.lossRate)],
  ['负责人出庭应诉率', (f) => rate(f.litigation.headAppearanceRate)],
];

/**
 * The Word document for the 法治政府建设年度报告: a title, the paragraph as the report quotes it,
 * the comparison with last year, and a table by agency with the district total. Set in 仿宋 (the
 * official body face, GB/T 9704), title in 黑体.
 */
export async function annualReportDocx(report: AnnualDocument): Promise<Uint8Array> {
  // docx is loaded on first use: the ledger API's other routes do not pay for it at cold start.
  const { AlignmentType, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } = await import('docx');
  const cell = (text: string, bold = false, align: (typeof AlignmentType)[keyof typeof AlignmentType] = AlignmentType.CENTER) =>
    new TableCell({ children: [new Paragraph({ alignment: align, children: [new TextRun({ text, bold, size: 21 })] })] });
  const header = new TableRow({ tableHeader: true, children: [cell('机关', true), ...columns.map(([name]) => cell(name, true))] });
  const line = (name: string, figures: YearFigures, bold = false) =>
    new TableRow({ children: [cell(name, bold, AlignmentType.LEFT), ...columns.map(([, get]) => cell(get(figures), bold))] });
  const document = new Document({
    creator: 'case-tracker',
    title: `${report.year}年度行政复议和行政应诉工作情况`,
    styles: { default: { document: { run: { font: '仿宋', size: 32 } } } },
    sections: [
      {
        children: [
          new Paragraph({
            alignment: AlignmentType.CENTER,
            spacing: { after: 400 },
            children: [new TextRun({ text: `${report.year}年度行政复议和行政应诉工作情况`, font: '黑体', size: 36 })],
          }),
          ...report.paragraphs.map((text) => new Paragraph({ indent: { firstLine: 640 }, spacing: { line: 560 }, children: [new TextRun(text)] })),
          new Paragraph({ spacing: { before: 300, after: 200 }, children: [new TextRun({ text: '附表：各机关行政复议和行政应诉情况', font: '黑体' })] }),
          new Table({
            width: { size: 100, type: WidthType.PERCENTAGE },
            rows: [header, ...report.agencies.map((a) => line(a.name, a.figures)), line('合计', report.total, true)],
          }),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(document));
}
