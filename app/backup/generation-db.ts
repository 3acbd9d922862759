/**
 * The SQLite side of backups, run on a worker thread (generation-db.worker.ts): better-sqlite3 is
 * synchronous, and a 200 MB snapshot or restore must not stop the SCIM endpoint.
 *
 * - `snapshot`: VACUUM INTO from a read-only connection. The copy is rebuilt row by row, so it
 *   carries no free pages and no deleted bytes (cleared traffic, deleted users never travel to the
 *   share), and it is in rollback-journal mode, so no -wal or -shm files come with it. Full-text
 *   indexes are merged in the copy, so the words of deleted rows do not travel either.
 * - `adopt`: a generation from the share is untrusted. Nothing of its schema is used: its rows are
 *   copied into a freshly migrated database (the bench's own tables, triggers and constraints), by
 *   the columns both have. Triggers, views and extra tables stay behind; a generation whose rows
 *   do not fit, or that a newer bench wrote, is refused with a reason.
 */
import Database from 'better-sqlite3';
import { endpointSchemaSchema } from '../../shared/custom-schema';
import { DEFAULT_ENDPOINT_ID, endpointId } from '../../shared/endpoints';
import { profileSchema } from '../../shared/profile';
import { openDatabase, type Db } from '../store/database';
import { BENCH_MIGRATIONS } from '../store/migrations';
import { TRAFFIC_MIGRATIONS } from '../store/traffic-migrations';
import type { GenerationKind } from './manifest';

/** What a generation holds: the change counter and lineage it is published with. */
export interface GenerationInfo {
  changes: number;
  lineage: string;
}

export type DbJob =
  | { kind: 'snapshot'; generation: GenerationKind; source: string; dest: string }
  | { kind: 'adopt'; generation: GenerationKind; source: string; dest: string };

export type DbJobResult = { ok: true; info: GenerationInfo } | { ok: false; code: string; message: string };

const MIGRATIONS: Record<GenerationKind, readonly string[]> = { bench: BENCH_MIGRATIONS, traffic: TRAFFIC_MIGRATIONS };

/** A refusal with the reason shown to the user. */
export class AdoptError extends Error {
  readonly code = 'EADOPT';
}

function quickCheck(db: Db): void {
  const result = db.pragma('quick_check', { simple: true });
  if (result !== 'ok') throw new AdoptError(`it fails SQLite's integrity check (${String(result).slice(0, 200)})`);
}

/** SQLite's "database or disk is full": the local disk, reported as such (never as a bad generation). */
export const isDiskFull = (error: unknown) =>
  ['SQLITE_FULL', 'ENOSPC', 'EDQUOT'].includes((error as { code?: string }).code ?? '');

const LINEAGE = /^[0-9a-f]{32}$/;
const COUNTER = /^(0|[1-9]\d{0,14})$/;

/** The change counter and lineage: `meta` for bench.db, the newest entry id for traffic.db. */
function infoOf(db: Db, kind: GenerationKind, schema = 'main'): GenerationInfo {
  if (kind === 'traffic') {
    const { m } = db.prepare(`SELECT coalesce(max(id), 0) AS m FROM ${schema}.traffic`).get() as { m: number };
    return { changes: m, lineage: 'traffic' };
  }
  const get = (key: string) =>
    (db.prepare(`SELECT value FROM ${schema}.meta WHERE key = ?`).get(key) as { value: unknown } | undefined)?.value;
  const lineage = get('lineage');
  const changes = get('changes');
  if (typeof lineage !== 'string' || !LINEAGE.test(lineage))
    throw new AdoptError('its meta table has no valid lineage');
  if (typeof changes !== 'string' || !COUNTER.test(changes))
    throw new AdoptError('its meta table has no valid change counter (changes)');
  return { changes: Number(changes), lineage };
}

/**
 * Full-text indexes keep the words of deleted rows in their segments until the segments are merged
 * (FTS5 with contentless_delete), so a copy would still carry cleared traffic: merge them in the
 * copy (`optimize`), then VACUUM it again so the old segments' pages go too.
 */
function purgeFullTextLeftovers(db: Db): void {
  const indexes = db
    .prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE % USING fts5%'`)
    .all() as { name: string }[];
  if (!indexes.length) return;
  for (const { name } of indexes) db.exec(`INSERT INTO ${quote(name)} (${quote(name)}) VALUES ('optimize')`);
  db.exec('VACUUM');
}

/**
 * VACUUM INTO `dest` from its own read-only connection (no free pages, rollback-journal mode, so
 * no -wal or -shm), purge what full-text indexes keep of deleted rows, then quick_check the copy.
 */
export function snapshot(source: string, dest: string, kind: GenerationKind): GenerationInfo {
  const live = new Database(source, { readonly: true, fileMustExist: true });
  try {
    live.pragma('busy_timeout = 5000');
    live.prepare('VACUUM INTO ?').run(dest);
  } finally {
    live.close();
  }
  const copy = new Database(dest, { fileMustExist: true });
  try {
    purgeFullTextLeftovers(copy);
    quickCheck(copy);
    return infoOf(copy, kind);
  } finally {
    copy.close();
  }
}

interface Column {
  name: string;
  hidden: number;
}
interface TableEntry {
  schema: string;
  name: string;
  type: string;
}

/** The tables the bench itself creates for `kind` (not SQLite's, not the shadow tables of full-text indexes). */
function ownTables(db: Db): string[] {
  return (db.pragma('table_list') as TableEntry[])
    .filter((t) => t.schema === 'main' && t.type === 'table' && !t.name.startsWith('sqlite_'))
    .map((t) => t.name);
}

/** Stored (not generated, not hidden) columns of a table. */
const storedColumns = (db: Db, schema: string, table: string) =>
  (db.prepare(`SELECT name, hidden FROM pragma_table_xinfo(?, ?)`).all(table, schema) as Column[])
    .filter((c) => c.hidden === 0)
    .map((c) => c.name);

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Checks the untrusted file on a read-only connection that trusts nothing in its schema: it is a
 * sound database, not from a newer bench, and each table the bench reads is a plain table. Returns
 * the tables to copy: all of them, except that a generation of an older schema may lack a table
 * added since (it is left empty).
 */
function inspect(source: string, kind: GenerationKind, tables: string[]): string[] {
  let db: Db;
  try {
    db = new Database(source, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new AdoptError(`it is not a SQLite database (${(error as Error).message})`);
  }
  try {
    db.pragma('trusted_schema = OFF');
    db.pragma('cell_size_check = ON');
    db.pragma('mmap_size = 0');
    let version: number;
    try {
      version = db.pragma('user_version', { simple: true }) as number;
    } catch (error) {
      throw new AdoptError(`it is not a SQLite database (${(error as Error).message})`);
    }
    const known = MIGRATIONS[kind].length;
    if (version > known)
      throw new AdoptError(`it was written by a newer SCIM Bench (schema ${version}; this version knows ${known})`);
    quickCheck(db);
    const found = new Map(
      (db.pragma('table_list') as TableEntry[]).filter((t) => t.schema === 'main').map((t) => [t.name, t.type]),
    );
    return tables.filter((table) => {
      const type = found.get(table);
      if (!type && version < known) return false;
      if (!type) throw new AdoptError(`it has no ${table} table`);
      if (type !== 'table') throw new AdoptError(`${table} is a ${type}, not a plain table`);
      return true;
    });
  } finally {
    db.close();
  }
}

/**
 * Copies the rows of the untrusted generation `source` into a new database at `dest`, created by
 * the bench's own migrations. Every row passes the fresh schema's constraints (CHECK, NOT NULL,
 * UNIQUE, foreign keys) or the generation is refused. Returns what the copy holds.
 */
export function adopt(source: string, dest: string, kind: GenerationKind): GenerationInfo {
  const fresh = openDatabase(dest, { migrations: MIGRATIONS[kind] });
  try {
    const tables = inspect(source, kind, ownTables(fresh));
    fresh.pragma('trusted_schema = OFF');
    fresh.pragma('cell_size_check = ON');
    fresh.pragma('foreign_keys = OFF'); // checked once, after every table is in
    fresh.prepare('ATTACH DATABASE ? AS src').run(source);
    try {
      fresh.transaction(() => {
        for (const table of tables) {
          const theirs = new Set(storedColumns(fresh, 'src', table));
          const columns = storedColumns(fresh, 'main', table)
            .filter((c) => theirs.has(c))
            .map(quote)
            .join(', ');
          if (!columns) throw new AdoptError(`its ${table} table has none of this bench's columns`);
          fresh.exec(`DELETE FROM main.${quote(table)}`); // rows the migrations seeded (a new lineage)
          // NOT INDEXED: read the table itself, never an index of the generation's choosing.
          fresh.exec(
            `INSERT INTO main.${quote(table)} (${columns}) SELECT ${columns} FROM src.${quote(table)} NOT INDEXED`,
          );
        }
        const broken = fresh.pragma('foreign_key_check') as { table: string }[];
        if (broken.length)
          throw new AdoptError(`${broken.length} rows of ${broken[0]!.table} refer to rows that are not there`);
        if (kind === 'bench') checkEndpoints(fresh);
      })();
    } catch (error) {
      if (error instanceof AdoptError || isDiskFull(error)) throw error;
      throw new AdoptError(`its rows do not fit this bench's schema (${(error as Error).message})`);
    } finally {
      fresh.exec('DETACH DATABASE src');
    }
    fresh.pragma('foreign_keys = ON');
    return infoOf(fresh, kind);
  } finally {
    fresh.close();
  }
}

/**
 * Endpoints hold together (no foreign key can say it): each endpoint row reads as a profile and a
 * schema, the default one is there, every resource belongs to one. The uniqueness keys are derived
 * again from each endpoint's rule, never taken from the file, so the unique index holds for them;
 * an older generation, which has no keys (nor endpoints), gets its own here.
 */
function checkEndpoints(db: Db): void {
  const rows = db.prepare('SELECT id, profile, schema FROM endpoints').all() as EndpointColumns[];
  for (const row of rows) {
    if (!endpointId.safeParse(row.id).success) throw new AdoptError('an endpoint has an invalid id');
    if (!profileSchema.safeParse(JSON.parse(row.profile)).success)
      throw new AdoptError(`endpoint ${row.id} has a profile this bench cannot read`);
    if (!endpointSchemaSchema.safeParse(JSON.parse(row.schema)).success)
      throw new AdoptError(`endpoint ${row.id} has a schema this bench cannot read`);
  }
  if (!rows.some((r) => r.id === DEFAULT_ENDPOINT_ID)) throw new AdoptError('it has no default endpoint');
  const stray = db
    .prepare('SELECT count(*) FROM resources WHERE endpoint NOT IN (SELECT id FROM endpoints)')
    .pluck()
    .get() as number;
  if (stray) throw new AdoptError(`${stray} resources belong to no endpoint`);
  db.exec(`UPDATE resources SET user_key = CASE
      WHEN (SELECT json_extract(profile, '$.userNameCaseExact') FROM endpoints WHERE id = resources.endpoint) = 1
      THEN json_extract(data, '$.userName') ELSE lower(json_extract(data, '$.userName')) END
    WHERE type = 'User'`);
}

interface EndpointColumns {
  id: string;
  profile: string;
  schema: string;
}

/** Runs one job; the worker posts what this returns. */
export function runDbJob(job: DbJob): DbJobResult {
  try {
    const run = job.kind === 'snapshot' ? snapshot : adopt;
    return { ok: true, info: run(job.source, job.dest, job.generation) };
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    return { ok: false, code: code ?? 'EUNKNOWN', message };
  }
}
