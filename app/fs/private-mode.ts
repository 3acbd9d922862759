/**
 * Owner-only permissions for the data folder and what it holds. Threat model: other local users
 * of the machine; the folder holds the bearer token, the OAuth secret and every request recorded.
 * (On Windows, `chmod` only toggles read-only; the folder's ACL comes from the user's profile.)
 */
import { chmodSync, mkdirSync } from 'node:fs';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Sets `mode` on a path that may not exist (yet). */
export function makePrivate(target: string, mode = PRIVATE_FILE_MODE): void {
  try {
    chmodSync(target, mode);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/** Creates the data folder owner-only, and tightens one that exists (an older bench made it 0755). */
export function makePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  makePrivate(dir, PRIVATE_DIR_MODE);
}
