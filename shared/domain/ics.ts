import type { Attendance, Hearing } from './hearings';
import { headTitles, hearingKinds } from './enums';

/**
 * An iCalendar feed (RFC 5545) of an agency's hearings, for the head's calendar app. Times are
 * local times in Asia/Shanghai with its VTIMEZONE; UIDs are the hearing ids, so a rescheduled
 * hearing updates the same event (SEQUENCE goes up) and a cancelled one is marked CANCELLED.
 * Party names are left out: the feed is reached with a token, not a login.
 */
const CRLF = '\r\n';
const HEARING_HOURS = 2;

function escapeText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** RFC 5545 §3.1: lines longer than 75 octets are folded, never inside a UTF-8 character. */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    const limit = parts.length === 0 ? 75 : 74;
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join(`${CRLF} `);
}

/** `2025-03-10T09:30:00+08:00` → `20250310T093000` (a local time in Asia/Shanghai). */
function localStamp(chinaDateTime: string, addHours = 0): string {
  const instant = new Date(new Date(chinaDateTime).getTime() + (8 + addHours) * 3600_000);
  return instant.toISOString().slice(0, 19).replace(/[-:]/g, '');
}

function utcStamp(iso: string): string {
  return `${new Date(iso).toISOString().slice(0, 19).replace(/[-:]/g, '')}Z`;
}

/** Who will appear, as confirmed before the hearing. */
function describeConfirmation(hearing: Hearing): string {
  const confirmation = hearing.confirmation;
  if (!confirmation) return '出庭人员：待确认';
  if (confirmation.attendance === 'head') return `出庭人员：负责人${confirmation.head?.name ?? ''}出庭`;
  return `出庭人员：委托${confirmation.delegate?.name ?? ''}（${confirmation.delegate?.position ?? ''}）出庭`;
}

/** Who appeared, as recorded after the hearing (which is what counts, whatever was confirmed). */
function describeAttendance(attendance: Attendance): string {
  const others = (attendance.others ?? []).map((o) => `${o.name}（${o.position}）`).join('、');
  if (attendance.headAppeared) {
    const title = attendance.appearedTitle ? `（${headTitles[attendance.appearedTitle]}）` : '';
    return `出庭人员：负责人${attendance.appearedName ?? ''}${title}出庭${others ? `，另有${others}` : ''}`;
  }
  return `出庭人员：负责人未出庭${others ? `，${others}出庭` : ''}`;
}

/**
 * The state of a hearing and the lines describing it: cancelled; recorded as held (with who
 * appeared) or as not held; else still to come (with who is to appear).
 */
function eventState(hearing: Hearing): { status: 'CONFIRMED' | 'CANCELLED'; lines: string[] } {
  if (hearing.status === 'cancelled') return { status: 'CANCELLED', lines: ['状态：已取消', describeConfirmation(hearing)] };
  const attendance = hearing.attendance;
  if (attendance?.held) return { status: 'CONFIRMED', lines: ['状态：已举行', describeAttendance(attendance)] };
  if (attendance) return { status: 'CANCELLED', lines: ['状态：未举行'] };
  return { status: 'CONFIRMED', lines: ['状态：待举行', describeConfirmation(hearing)] };
}

export function hearingsCalendar(agencyName: string, hearings: readonly Hearing[], generatedAt: string): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//District legal office//Case tracker//ZH',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(`${agencyName} 出庭应诉日程`)}`,
    'X-WR-TIMEZONE:Asia/Shanghai',
    'BEGIN:VTIMEZONE',
    'TZID:Asia/Shanghai',
    'BEGIN:STANDARD',
    'DTSTART:19700101T000000',
    'TZOFFSETFROM:+0800',
    'TZOFFSETTO:+0800',
    'TZNAME:CST',
    'END:STANDARD',
    'END:VTIMEZONE',
  ];
  for (const hearing of hearings) {
    const where = [hearing.court, hearing.courtroom].filter(Boolean).join(' ');
    const state = eventState(hearing);
    lines.push(
      'BEGIN:VEVENT',
      `UID:${hearing.id}@case-tracker`,
      // Recording the attendance does not move the hearing's own sequence, but changes the event.
      `SEQUENCE:${hearing.sequence + (hearing.attendance ? 1 : 0)}`,
      `DTSTAMP:${utcStamp(generatedAt)}`,
      `LAST-MODIFIED:${utcStamp(hearing.updatedAt)}`,
      `DTSTART;TZID=Asia/Shanghai:${localStamp(hearing.scheduledAt)}`,
      `DTEND;TZID=Asia/Shanghai:${localStamp(hearing.scheduledAt, HEARING_HOURS)}`,
      `SUMMARY:${escapeText(`${hearingKinds[hearing.kind]}：${hearing.caseNumber}`)}`,
      `LOCATION:${escapeText(where)}`,
      `DESCRIPTION:${escapeText([hearing.caseNumber, ...state.lines].join('\n'))}`,
      `STATUS:${state.status}`,
      'TRANSP:OPAQUE',
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join(CRLF) + CRLF;
}
