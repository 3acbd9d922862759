/** Messages between the engine and the share child process (share.child.ts). */
import type { Manifest, ManifestRead, Skipped } from './manifest';

/** Every operation the child runs: its arguments and what it answers. Paths on the share are a folder and a plain name. */
export interface ShareOps {
  /** Checks the folder is the chosen one; creates the marker on first use. Answers the marker id. */
  verify: { args: { dir: string; known: string | null }; result: string };
  /** The marker id; fails with EMARKER when there is none (restore never creates one). */
  readMarker: { args: { dir: string }; result: string };
  /** What the folder is, for `backup:check-folder`; changes nothing but a probe file written and removed. */
  inspect: { args: { dir: string }; result: FolderFacts };
  /** Creates the folder (its parent must exist: a missing parent is more likely an unmounted share than a typo to fix). */
  createFolder: { args: { dir: string }; result: null };
  /** Writes a new marker in a folder that has none (a new backup set, after the user confirmed). Answers its id. */
  newMarker: { args: { dir: string }; result: string };
  readManifest: { args: { dir: string }; result: ManifestRead };
  writeManifest: { args: { dir: string; manifest: Manifest }; result: null };
  /** Copies a local file to the share (temporary name, fsync, rename). Answers its SHA-256. */
  publish: { args: { src: string; dir: string; name: string }; result: string };
  /** Copies a listed generation to a local file, at most `size` bytes. Answers its SHA-256. */
  fetch: { args: { dir: string; name: string; size: number; dest: string }; result: string };
  /** Deletes generations the bench published; anything else is refused (and reported), not deleted. */
  remove: { args: { dir: string; names: string[] }; result: { removed: string[]; refused: Skipped[] } };
  cleanPartials: { args: { dir: string; olderThanMs: number }; result: number };
}

/** What `inspect` found; every field is a plain fact, the engine puts it into words (backup-folder.ts). */
export type FolderFacts =
  | { kind: 'missing'; parent: 'missing' | 'not-folder' | 'read-only' | 'writable' }
  | { kind: 'not-folder' }
  | {
      kind: 'folder';
      /** A probe file could be written and removed (access() says little on SMB and FUSE). */
      writable: boolean;
      /** Why the probe failed (an errno code), when it did. */
      writeError: string | null;
      /** The marker's id; null when there is none. */
      marker: string | null;
      /** A marker file is there but SCIM Bench did not write it. */
      markerDamaged: boolean;
      /** Generations the manifest lists (null when there is none, or it cannot be read). */
      generations: number | null;
      /** Other names in the folder. */
      entries: number;
    };

export type ShareOp = keyof ShareOps;

export type ToShare = { [K in ShareOp]: { id: number; op: K; args: ShareOps[K]['args'] } }[ShareOp];

/** `local`: the error happened writing to this machine's disk, not to the share. */
export interface ShareFailure {
  code: string;
  message: string;
  local?: boolean;
}

export type FromShare = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: ShareFailure };
