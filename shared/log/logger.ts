/**
 * Structured JSON logging: one JSON object per line on stdout, which Lambda sends to CloudWatch as
 * is. A few hundred bytes instead of a logging library, because every byte here is paid on every
 * cold start (the bench issue's bundle target). Fields follow Powertools' names (level, message,
 * timestamp, service, request_id) so the usual CloudWatch Logs Insights queries work.
 */
import { sourceMappedStack } from './stack';

export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT';
type Fields = Record<string, unknown>;

const rank: Record<LogLevel, number> = { DEBUG: 10, INFO: 20, WARN: 30, ERROR: 40, SILENT: 100 };

/** Where lines go; tests swap it to capture what was logged. */
export type LogSink = (line: string) => void;
let sink: LogSink = (line) => {
  process.stdout.write(`${line}\n`);
};
export function setLogSink(next: LogSink): LogSink {
  const previous = sink;
  sink = next;
  return previous;
}

// Resident ID numbers are personal data: whatever reaches a log line is masked as a last defence
// (the code never logs bodies, but an error message might quote one).
const ID_NUMBER = /(?<![0-9])(\d{4})\d{10}(\d{3}[\dXx])(?![0-9])/g;
export function redact(text: string): string {
  return text.replace(ID_NUMBER, '$1**********$2');
}

function levelFromEnv(): LogLevel {
  const value = (process.env.LOG_LEVEL ?? 'INFO').toUpperCase();
  return value in rank ? (value as LogLevel) : 'INFO';
}

/** The process-wide level (LOG_LEVEL at start); tests raise it to capture lines. */
let processLevel: LogLevel = levelFromEnv();
export function setLogLevel(level: LogLevel): LogLevel {
  const previous = processLevel;
  processLevel = level;
  return previous;
}

export class Logger {
  private readonly fields: Fields;
  private readonly level: LogLevel | undefined;

  /** `level` pins this logger's level; without it the process-wide level applies. */
  constructor(fields: Fields = {}, level?: LogLevel) {
    this.fields = fields;
    this.level = level;
  }

  child(fields: Fields): Logger {
    return new Logger({ ...this.fields, ...fields }, this.level);
  }

  debug(message: string, fields?: Fields): void {
    this.write('DEBUG', message, fields);
  }
  info(message: string, fields?: Fields): void {
    this.write('INFO', message, fields);
  }
  warn(message: string, fields?: Fields): void {
    this.write('WARN', message, fields);
  }
  error(message: string, fields?: Fields): void {
    this.write('ERROR', message, fields);
  }

  private write(level: Exclude<LogLevel, 'SILENT'>, message: string, fields?: Fields): void {
    if (rank[level] < rank[this.level ?? processLevel]) return;
    const entry = { level, message, timestamp: new Date().toISOString(), ...this.fields, ...fields };
    sink(redact(JSON.stringify(entry, errorReplacer)));
  }
}

function errorReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) {
    return { name: value.name, message: value.message, stack: sourceMappedStack(value.stack) };
  }
  return value;
}

export const logger = new Logger({ service: process.env.SERVICE_NAME ?? 'case-tracker' });
