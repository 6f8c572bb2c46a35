import { LOG_LEVELS, type LogLevel } from './config.ts';
import type { Scrub } from './secrets.ts';

export interface Logger {
  trace(msg: string, fields?: Record<string, unknown>): void;
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

interface LoggerOptions {
  functionName: string;
  requestId: string;
  level: LogLevel;
  /** Masks what must never appear in a log line (the IAM token), wherever it occurs. */
  scrub?: Scrub;
  write?: (line: string) => void;
}

/**
 * Single-line JSON records as Cloud Logging reads them: `level`, `msg`, the call's `request_id`
 * and the function name; everything else lands in json-payload.
 */
export function createLogger(options: LoggerOptions): Logger {
  const threshold = LOG_LEVELS.indexOf(options.level);
  const scrub = options.scrub ?? ((line: string) => line);
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const log = (level: LogLevel, msg: string, fields?: Record<string, unknown>) => {
    if (LOG_LEVELS.indexOf(level) < threshold) return;
    write(scrub(JSON.stringify({ level, msg, request_id: options.requestId, function: options.functionName, ...fields })));
  };
  return {
    trace: (msg, fields) => log('TRACE', msg, fields),
    debug: (msg, fields) => log('DEBUG', msg, fields),
    info: (msg, fields) => log('INFO', msg, fields),
    warn: (msg, fields) => log('WARN', msg, fields),
    error: (msg, fields) => log('ERROR', msg, fields),
  };
}
