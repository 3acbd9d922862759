/**
 * A small append-only log file for the desktop app (errors and lifecycle). Secrets never reach it:
 * it is given messages, not requests, and the engine's error messages carry no credentials.
 */
import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import path from 'node:path';

const MAX_BYTES = 5 * 1024 * 1024;

export interface Log {
  info(message: string): void;
  error(message: string, error?: unknown): void;
}

export function fileLog(file: string): Log {
  mkdirSync(path.dirname(file), { recursive: true });
  const write = (level: string, message: string) => {
    try {
      if ((statSync(file, { throwIfNoEntry: false })?.size ?? 0) > MAX_BYTES) renameSync(file, `${file}.1`); // keep one old file
      appendFileSync(file, `${new Date().toISOString()} ${level} ${message}\n`);
    } catch {
      /* logging must never take the app down */
    }
  };
  return {
    info: (message) => write('info', message),
    error: (message, error) =>
      write('error', error instanceof Error ? `${message}: ${error.stack ?? error.message}` : message),
  };
}
