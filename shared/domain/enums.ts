import { deliveryStatuses, digestModes, notificationChannels, notificationEvents } from './notifications';

/**
 * Every enumerated code of the public contract with its Chinese label, the clerks' word for it
 * (served at GET /meta/enums). The code lists used by the schemas are derived from these tables,
 * so a code cannot exist without its label.
 */
export type Labels = Readonly<Record<string, string>>;

/** The codes of a label table, as the non-empty tuple that `z.enum` wants. */
export function codesOf<T extends Labels>(labels: T): [keyof T & string, ...(keyof T & string)[]] {
  return Object.keys(labels) as [keyof T & string, ...(keyof T & string)[]];
}

export const caseKinds = {
  reconsideration: '行政复议',
  litigation: '行政应诉',
} as const;
export type CaseKind = keyof typeof caseKinds;

export const procedures = {
  ordinary: '普通程序',
  simple: '简易程序',
} as const;
export type Procedure = keyof typeof procedures;

export const enforcementFields = {
  'market-regulation': '市场监管',
  'public-security': '公安',
  'natural-resources': '自然资源',
  'human-resources': '人力资源和社会保障',
  'housing-construction': '住房和城乡建设',
  'ecology-environment': '生态环境',
  transport: '交通运输',
  'emergency-management': '应急管理',
  agriculture: '农业农村',
  health: '卫生健康',
  education: '教育',
  'civil-affairs': '民政',
  taxation: '税务',
  'urban-management': '城市管理和综合行政执法',
  'culture-tourism': '文化和旅游',
  'water-resources': '水利',
  finance: '财政',
  other: '其他',
} as const;

export const actTypes = {
  penalty: '行政处罚',
  coercion: '行政强制',
  licensing: '行政许可',
  'information-disclosure': '政府信息公开',
  'failure-to-perform': '不履行法定职责',
  expropriation: '征收征用',
  registration: '行政登记',
  confirmation: '行政确认',
  'work-injury': '工伤认定',
  agreement: '行政协议',
  compensation: '行政赔偿',
  other: '其他',
} as const;

export const partyRoles = {
  applicant: '申请人',
  plaintiff: '原告',
  'third-party': '第三人',
} as const;

export const reconsiderationActions = {
  'request-correction': '通知补正',
  'receive-correction': '收到补正材料',
  'extend-correction': '延长补正期限',
  'correction-lapsed': '逾期不补正视为放弃',
  accept: '受理',
  reject: '不予受理',
  'send-copy': '发送申请书副本',
  'receive-reply': '收到被申请人答复',
  suspend: '中止审理',
  resume: '恢复审理',
  extend: '延期',
  'convert-to-ordinary': '简易程序转为普通程序',
  decide: '作出复议决定',
  terminate: '终止行政复议',
  'record-performance': '记录履行情况',
  'correct-outcome': '更正结果',
  'mark-major': '列为重大案件',
  'collective-review': '集体研究',
} as const;

export const litigationActions = {
  'file-defense': '提交答辩状和证据',
  suspend: '中止诉讼',
  resume: '恢复诉讼',
  judge: '收到判决或裁定',
  appeal: '上诉',
  conclude: '审结',
  'receive-judicial-suggestion': '收到司法建议',
  'reply-judicial-suggestion': '回复司法建议',
  'record-performance': '记录履行情况',
  'correct-outcome': '更正结果',
  'mark-major': '列为重大案件',
  'collective-review': '集体研究',
} as const;

/**
 * Where a major case (重大行政复议应诉案件集体研究制度) was studied collectively: the 行政复议委员会's
 * advice (行政复议法第五十二条), the legal office's own meeting, or the district government's.
 */
export const collectiveReviewForums = {
  committee: '行政复议委员会',
  'office-meeting': '司法局局务会议',
  'government-meeting': '区政府常务会议',
} as const;

export const reconsiderationOutcomes = {
  uphold: '维持',
  dismiss: '驳回行政复议请求',
  revoke: '撤销',
  modify: '变更',
  'confirm-illegal': '确认违法',
  'order-performance': '责令履行',
  'confirm-invalid': '确认无效',
  mediation: '调解',
  termination: '终止',
} as const;
export type ReconsiderationOutcome = keyof typeof reconsiderationOutcomes;

export const litigationOutcomes = {
  'claims-dismissed': '驳回诉讼请求',
  'suit-dismissed': '驳回起诉',
  withdrawn: '撤诉',
  mediation: '调解',
  revoke: '撤销',
  modify: '变更',
  'confirm-illegal': '确认违法',
  'confirm-invalid': '确认无效',
  // 行政诉讼法第七十二条: a court orders performance by judgment (判决履行); 责令履行 is the
  // reconsideration decision's customary name (行政复议法第六十六条), kept there.
  'order-performance': '判决履行',
  compensation: '赔偿/给付',
} as const;
export type LitigationOutcome = keyof typeof litigationOutcomes;

export const judgmentForms = {
  judgment: '判决',
  ruling: '裁定',
} as const;

/** 行诉解释第一百零一条: the rulings a first-instance court gives; only the first three may be appealed (第二款). */
export const rulingTypes = {
  'not-filed': '不予立案',
  'suit-dismissed': '驳回起诉',
  jurisdiction: '管辖异议',
  withdrawal: '准予撤诉',
  other: '其他裁定',
} as const;

export const instances = {
  first: '一审',
  second: '二审',
  retrial: '再审',
} as const;

export const appellants = {
  agency: '行政机关',
  plaintiff: '原告',
  other: '其他当事人',
} as const;

export const rejectionReasons = {
  'not-in-scope': '不属于行政复议范围',
  'out-of-time': '超过申请期限',
  'no-standing': '申请人不适格',
  'wrong-organ': '不属于本机关管辖',
  'already-litigated': '已提起行政诉讼',
  'duplicate-application': '重复申请',
  'correction-not-submitted': '逾期未补正',
  other: '其他',
} as const;

export const suspensionReasons = {
  'party-death-or-incapacity': '当事人死亡或丧失行为能力',
  'force-majeure': '不可抗力',
  'awaiting-other-case': '案件涉及其他案件的审理结果',
  'law-interpretation': '需有权机关作出解释或确认',
  'settlement-talks': '和解或调解期间',
  other: '其他',
} as const;

export const terminationReasons = {
  withdrawn: '申请人撤回申请',
  'applicant-death': '申请人死亡且无近亲属参加',
  'settlement': '达成和解',
  'criminal-measures': '申请人被采取刑事强制措施',
  other: '其他',
} as const;

export const deadlineTypes = {
  'acceptance-review': '受理审查期限',
  'correction-submission': '申请人补正期限',
  'copy-to-respondent': '发送申请书副本期限',
  'respondent-reply': '被申请人答复期限',
  decision: '复议决定期限',
  defense: '答辩举证期限',
  appeal: '上诉期限',
  'judicial-suggestion-reply': '司法建议回复期限',
  'hearing-confirmation': '负责人出庭确认期限',
} as const;
export type DeadlineType = keyof typeof deadlineTypes;

export const deadlineStatuses = {
  open: '未到期',
  met: '已履行',
  overdue: '已逾期',
  paused: '已暂停',
  cancelled: '已取消',
} as const;

export const periodUnits = {
  'working-days': '工作日',
  'calendar-days': '日',
  months: '月',
} as const;

export const lawTexts = {
  'reconsideration-law-2023': '行政复议法（2023年修订）',
  'reconsideration-law-2017': '行政复议法（2017年修正）',
  'litigation-law-2017': '行政诉讼法（2017年修正）',
  'litigation-interpretation-2018': '最高人民法院关于适用行政诉讼法的解释（2018）',
  'head-appearance-rules-2020': '最高人民法院关于行政机关负责人出庭应诉若干问题的规定（2020）',
} as const;

export const hearingKinds = {
  court: '庭审',
  'reconsideration-hearing': '行政复议听证',
} as const;

export const attendanceChoices = {
  head: '负责人出庭',
  delegate: '委托工作人员出庭',
} as const;

/** 出庭规定第二条: the principal, deputies and other heads in charge count as the agency's head. */
export const headTitles = {
  principal: '正职负责人',
  deputy: '副职负责人',
  supervising: '其他参与分管的负责人',
} as const;

/** 出庭规定第八条: the lawful reasons a head may not appear. */
export const absenceReasons = {
  'force-majeure': '不可抗力',
  accident: '意外事件',
  'irreplaceable-duty': '需要履行他人不能代替的公务',
  other: '无法出庭的其他正当事由',
} as const;

export const alertTypes = {
  'deadline-approaching': '期限临近',
  'deadline-overdue': '期限已逾期',
  'hearing-unconfirmed': '出庭人员未确认',
} as const;

export const roles = {
  'legal-office': '司法局（行政复议机构）',
  'agency-head': '行政机关负责人',
  'stats-reader': '统计数据使用方',
} as const;
export type Role = keyof typeof roles;


/** Statuses of a reconsideration case (see case-machine.ts for the transitions). */
export const reconsiderationStatuses = {
  received: '已收到申请（审查中）',
  'awaiting-correction': '待补正',
  accepted: '已受理（审理中）',
  suspended: '中止',
  decided: '已作出复议决定',
  terminated: '已终止',
  rejected: '不予受理',
  abandoned: '视为放弃申请',
} as const;
export type ReconsiderationStatus = keyof typeof reconsiderationStatuses;

/** Statuses of a litigation case. */
export const litigationStatuses = {
  defending: '应诉中',
  suspended: '中止诉讼',
  judged: '已收到裁判',
  appealed: '上诉审理中',
  concluded: '已审结',
} as const;
export type LitigationStatus = keyof typeof litigationStatuses;

/** The tables served by GET /meta/enums, keyed by the name the contract uses for each field. */
export const enumTables: Readonly<Record<string, Labels>> = {
  caseKind: caseKinds,
  procedure: procedures,
  field: enforcementFields,
  actType: actTypes,
  partyRole: partyRoles,
  reconsiderationAction: reconsiderationActions,
  litigationAction: litigationActions,
  reconsiderationOutcome: reconsiderationOutcomes,
  litigationOutcome: litigationOutcomes,
  judgmentForm: judgmentForms,
  rulingType: rulingTypes,
  collectiveReviewForum: collectiveReviewForums,
  instance: instances,
  appellant: appellants,
  rejectionReason: rejectionReasons,
  suspensionReason: suspensionReasons,
  terminationReason: terminationReasons,
  deadlineType: deadlineTypes,
  deadlineStatus: deadlineStatuses,
  periodUnit: periodUnits,
  lawText: lawTexts,
  hearingKind: hearingKinds,
  attendance: attendanceChoices,
  headTitle: headTitles,
  absenceReason: absenceReasons,
  alertType: alertTypes,
  role: roles,
  reconsiderationStatus: reconsiderationStatuses,
  litigationStatus: litigationStatuses,
  notificationEvent: notificationEvents,
  notificationChannel: notificationChannels,
  digestMode: digestModes,
  deliveryStatus: deliveryStatuses,
};
