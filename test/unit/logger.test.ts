import { afterEach, describe, expect, it } from 'vitest';
import { Logger, redact, setLogSink, type LogSink } from '../../shared/log/logger';

let previous: LogSink | undefined;
afterEach(() => {
  if (previous) setLogSink(previous);
});

describe('structured logging', () => {
  it('writes one JSON object per line with level, message, timestamp and the bound fields', () => {
    const lines: string[] = [];
    previous = setLogSink((line) => lines.push(line));
    new Logger({ service: 's' }, 'INFO').child({ request_id: 'r1' }).info('hello', { status: 200 });
    const entry = JSON.parse(lines[0] ?? '{}') as Record<string, unknown>;
    expect(entry).toMatchObject({ level: 'INFO', message: 'hello', service: 's', request_id: 'r1', status: 200 });
    expect(typeof entry.timestamp).toBe('string');
  });

  it('drops lines below its level', () => {
    const lines: string[] = [];
    previous = setLogSink((line) => lines.push(line));
    new Logger({}, 'WARN').info('quiet');
    expect(lines).toEqual([]);
  });

  it('masks anything shaped like a resident ID number, even inside an error message', () => {
    expect(redact('id 11010519491231002X and 140402198001011234.')).toBe('id 1101**********002X and 1404**********1234.');
    const lines: string[] = [];
    previous = setLogSink((line) => lines.push(line));
    new Logger({}, 'INFO').error('failed', { error: new Error('bad party 11010519491231002X') });
    expect(lines[0]).not.toContain('11010519491231002X');
    expect(lines[0]).toContain('1101**********002X');
  });
});
