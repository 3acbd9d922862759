/**
 * Users and Groups in SQLite. Bodies are stored in canonical form (scim/resource.ts); membership
 * lives in its own table. Every write bumps the database's change counter (for backups).
 */
import { randomUUID } from 'node:crypto';
import Database, { SqliteError } from 'better-sqlite3';
import { DEFAULT_ENDPOINT_ID } from '../../shared/endpoints';
import { ScimError, badRequest, conflict, notFound } from '../scim/errors';
import type { AttrPath, Filter } from '../scim/filter-parser';
import type { Json, JsonObject } from '../scim/resource';
import type { ResourceType } from '../scim/schemas';
import type { Db } from './database';
import { SCAN_BUDGET, compileFilter, compileSortKey, type CompiledFilter } from './filter-sql';
import { raw, sql, type Sql } from './sql';

export interface StoredResource {
  id: string;
  type: ResourceType;
  data: JsonObject;
  version: number;
  created: string;
  lastModified: string;
}

export interface Member {
  value: string;
  type: ResourceType;
  display: string | null;
}

export interface QueryOptions {
  filter?: Filter;
  sortBy?: AttrPath;
  sortOrder?: 'ascending' | 'descending';
  /** 1-based (RFC 7644 §3.4.2.4). */
  startIndex: number;
  count: number;
  /** The filter's complexity budget (filter-sql.ts); only the semantics tests raise it. */
  filterBudget?: number;
}

interface Row {
  id: string;
  type: ResourceType;
  data: string;
  version: number;
  created: string;
  last_modified: string;
}

const fromRow = (row: Row): StoredResource => ({
  id: row.id,
  type: row.type,
  data: JSON.parse(row.data) as JsonObject,
  version: row.version,
  created: row.created,
  lastModified: row.last_modified,
});

const COLUMNS = 'r.id, r.type, r.data, r.version, r.created, r.last_modified';

export interface ResourceScope {
  /** The endpoint whose resources this store reads and writes (its id). */
  endpoint: string;
  /** userName unique as sent, not ignoring case (`Profile.userNameCaseExact`). */
  caseExactUserName?: boolean;
}

/**
 * One endpoint's resources. The endpoint is bound in every statement here, the one place that
 * isolates endpoints sharing `bench.db`: nothing read, written, linked or counted crosses it.
 */
export class ResourceStore {
  private readonly statements;
  readonly endpoint: string;
  private readonly caseExact: boolean;

  constructor(
    private readonly db: Db,
    scope: ResourceScope = { endpoint: DEFAULT_ENDPOINT_ID },
  ) {
    this.endpoint = scope.endpoint;
    this.caseExact = scope.caseExactUserName ?? false;
    // Uniqueness compares user_key: userName lower-cased like NOCASE does (ASCII), or as sent.
    const userKey = `CASE WHEN @type = 'User' THEN ${this.caseExact ? "json_extract(@data, '$.userName')" : "lower(json_extract(@data, '$.userName'))"} END`;
    this.statements = {
      get: db.prepare<[string, string, string], Row>(
        `SELECT ${COLUMNS} FROM resources r WHERE r.id = ? AND r.type = ? AND r.endpoint = ?`,
      ),
      insert: db.prepare(
        `INSERT INTO resources (id, endpoint, type, data, user_key, version, created, last_modified)
         VALUES (@id, @endpoint, @type, @data, ${userKey}, 1, @now, @now)`,
      ),
      update: db.prepare(
        `UPDATE resources SET data = @data, user_key = ${userKey}, version = version + 1, last_modified = @now
         WHERE id = @id AND type = @type AND endpoint = @endpoint`,
      ),
      delete: db.prepare('DELETE FROM resources WHERE id = ? AND type = ? AND endpoint = ?'),
      touch: db.prepare('UPDATE resources SET version = version + 1, last_modified = ? WHERE id = ? AND endpoint = ?'),
      bump: db.prepare(`UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'changes'`),
      meta: db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?'),
      addMember: db.prepare('INSERT OR IGNORE INTO members (group_id, member_id) VALUES (?, ?)'),
      // The group's endpoint is checked too: an id from another endpoint changes nothing.
      removeMember: db.prepare(
        `DELETE FROM members WHERE group_id = @group AND member_id = @member
           AND EXISTS (SELECT 1 FROM resources WHERE id = @group AND endpoint = @endpoint)`,
      ),
      clearMembers: db.prepare(
        'DELETE FROM members WHERE group_id = @group AND EXISTS (SELECT 1 FROM resources WHERE id = @group AND endpoint = @endpoint)',
      ),
      exists: db.prepare<[string, string], { type: ResourceType }>(
        'SELECT type FROM resources WHERE id = ? AND endpoint = ?',
      ),
      members: db.prepare<[string, string], Member>(
        `SELECT m.member_id AS value, o.type AS type, coalesce(o.display_name, o.user_name) AS display
           FROM members m JOIN resources o ON o.id = m.member_id WHERE m.group_id = ? AND o.endpoint = ?`,
      ),
      groupsOf: db.prepare<[string, string], { value: string; display: string | null }>(
        `SELECT m.group_id AS value, o.display_name AS display
           FROM members m JOIN resources o ON o.id = m.group_id WHERE m.member_id = ? AND o.endpoint = ?`,
      ),
    };
  }

  /** Runs `fn` in one transaction: every write of a request applies, or none does. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  /** Bumped by every write; a backup with the same counter (and lineage) holds the same data. */
  changeCounter(): number {
    return Number(this.statements.meta.get('changes')!.value);
  }

  /** Identifies this database across machines and restores. */
  lineage(): string {
    return this.statements.meta.get('lineage')!.value;
  }

  get(type: ResourceType, id: string): StoredResource | null {
    const row = this.statements.get.get(id, type, this.endpoint);
    return row ? fromRow(row) : null;
  }

  create(type: ResourceType, data: JsonObject, now = new Date().toISOString()): StoredResource {
    const id = randomUUID();
    this.write(() =>
      this.statements.insert.run({ id, endpoint: this.endpoint, type, data: JSON.stringify(data), now }),
    );
    return { id, type, data, version: 1, created: now, lastModified: now };
  }

  replace(existing: StoredResource, data: JsonObject, now = new Date().toISOString()): StoredResource {
    this.write(() =>
      this.statements.update.run({
        id: existing.id,
        endpoint: this.endpoint,
        type: existing.type,
        data: JSON.stringify(data),
        now,
      }),
    );
    return { ...existing, data, version: existing.version + 1, lastModified: now };
  }

  /** A membership-only change still changes the group: new version, new lastModified. */
  touch(existing: StoredResource, now = new Date().toISOString()): StoredResource {
    this.write(() => this.statements.touch.run(now, existing.id, this.endpoint));
    return { ...existing, version: existing.version + 1, lastModified: now };
  }

  delete(type: ResourceType, id: string): boolean {
    return this.write(() => this.statements.delete.run(id, type, this.endpoint).changes > 0);
  }

  members(groupId: string): Member[] {
    return this.statements.members.all(groupId, this.endpoint);
  }

  groupsOf(userId: string): { value: string; display: string | null }[] {
    return this.statements.groupsOf.all(userId, this.endpoint);
  }

  /**
   * Adds members by id; each must be an existing User or Group of this endpoint, as the group must
   * be. Returns how many were new; each new one is also passed to `onChange` (the traffic log names them).
   */
  addMembers(groupId: string, ids: Iterable<string>, onChange?: (id: string) => void): number {
    let added = 0;
    let groupChecked = false; // only when there is a member to add (a PATCH of a user adds none)
    for (const id of ids) {
      if (!groupChecked && this.statements.exists.get(groupId, this.endpoint)?.type !== 'Group')
        throw notFound(`Group '${groupId}' does not exist`);
      groupChecked = true;
      if (!this.statements.exists.get(id, this.endpoint))
        throw badRequest(
          `Member '${id}' does not exist: add the user or group before adding it to a group`,
          'invalidValue',
        );
      if (id === groupId) throw badRequest('A group cannot be a member of itself', 'invalidValue');
      const changes = this.statements.addMember.run(groupId, id).changes;
      if (changes) onChange?.(id);
      added += changes;
    }
    if (added) this.statements.bump.run();
    return added;
  }

  /** Removes members by id; returns how many were members, each also passed to `onChange`. */
  removeMembers(groupId: string, ids: Iterable<string>, onChange?: (id: string) => void): number {
    let removed = 0;
    for (const id of ids) {
      const changes = this.statements.removeMember.run({ group: groupId, member: id, endpoint: this.endpoint }).changes;
      if (changes) onChange?.(id);
      removed += changes;
    }
    if (removed) this.statements.bump.run();
    return removed;
  }

  clearMembers(groupId: string): number {
    const removed = this.statements.clearMembers.run({ group: groupId, endpoint: this.endpoint }).changes;
    if (removed) this.statements.bump.run();
    return removed;
  }

  /** Filtered, sorted, paged listing; the filter runs in SQL, never in JavaScript. */
  query(type: ResourceType, options: QueryOptions): { total: number; resources: StoredResource[] } {
    const filter = options.filter ? compileFilter(type, options.filter, options.filterBudget) : null;
    const sort = options.sortBy ? compileSortKey(type, options.sortBy) : null;
    if (options.filterBudget !== Infinity) this.checkScan(type, filter, sort);
    const scope = sql`r.endpoint = ${this.endpoint} AND r.type = ${type}`;
    const where = filter ? sql`${scope} AND ${filter.where}` : scope;
    const count = () => this.run<{ n: number }>(sql`SELECT count(*) AS n FROM resources r WHERE ${where}`)[0]!.n;
    if (options.count === 0) return { total: count(), resources: [] };
    const direction = options.sortOrder === 'descending' ? 'DESC' : 'ASC';
    // RFC 7644 §3.4.2.3: resources without a value sort last when ascending, first when descending.
    const order: Sql = sort
      ? sql`${sort.expr} ${raw(direction === 'ASC' ? 'ASC NULLS LAST' : 'DESC NULLS FIRST')}, r.rowid`
      : sql`r.rowid`;
    const rows = this.run<Row>(
      sql`SELECT ${raw(COLUMNS)} FROM resources r WHERE ${where} ORDER BY ${order} LIMIT ${options.count} OFFSET ${options.startIndex - 1}`,
    );
    // A short first page is the whole result, so a lookup (0 or 1 match) costs one statement.
    const total = options.startIndex === 1 && rows.length < options.count ? rows.length : count();
    return { total, resources: rows.map(fromRow) };
  }

  /**
   * A filter no index narrows, or a sortBy, makes SQLite work on every row of the type: its cost
   * per row times the rows must stay within SCAN_BUDGET, or one request holds the engine's only
   * thread for seconds (a multi-valued sort among 100,000 users took 1.6 s).
   */
  private checkScan(type: ResourceType, filter: CompiledFilter | null, sort: { costPerRow: number } | null): void {
    const perRow =
      (filter && !filter.seekable ? filter.costPerRow : 0) + (filter?.seekable ? 0 : (sort?.costPerRow ?? 0));
    if (perRow === 0) return;
    const rows = this.rowCount(type);
    if (perRow * rows <= SCAN_BUDGET) return;
    const noun = type === 'User' ? 'users' : 'groups';
    throw badRequest(
      `This ${filter ? 'filter' : 'sortBy'} would make the bench test every one of its ${rows.toLocaleString('en')} ${noun} ` +
        `at a cost of ${perRow} each, past its limit of ${SCAN_BUDGET.toLocaleString('en')} for one request. Narrow it with ` +
        'an eq on id, userName, externalId or displayName (an index seek), or simplify it.',
      filter ? 'invalidFilter' : 'invalidValue',
    );
  }

  /** Rows of a type, counted once per change of the database (count(*) of 100,000 is milliseconds, not free). */
  private counted = new Map<ResourceType, { changes: number; rows: number }>();

  /** A transaction rolled back (an injected fault): counts made inside it name a change that never happened. */
  forgetCounts(): void {
    this.counted.clear();
  }

  private rowCount(type: ResourceType): number {
    const changes = this.changeCounter();
    const known = this.counted.get(type);
    if (known && known.changes === changes) return known.rows;
    const rows = this.run<{ n: number }>(
      sql`SELECT count(*) AS n FROM resources r WHERE r.endpoint = ${this.endpoint} AND r.type = ${type}`,
    )[0]!.n;
    this.counted.set(type, { changes, rows });
    return rows;
  }

  /** Prepared statements by SQL text: a filter shape is compiled by SQLite once, not per request. */
  private readonly cache = new Map<string, Database.Statement>();

  /**
   * Whether another resource of this endpoint holds `value` at `keys` (a declared attribute with
   * `uniqueness: server`). Unindexed, so a scan of the endpoint's resources of the type per write.
   */
  holdsValue(type: ResourceType, keys: string[], value: Json, caseExact: boolean, exceptId: string | null): boolean {
    const path = '$' + keys.map((k) => `."${k}"`).join('');
    const compare =
      typeof value === 'string' && !caseExact
        ? sql`json_extract(r.data, ${path}) = ${value} COLLATE NOCASE`
        : sql`json_extract(r.data, ${path}) = ${typeof value === 'boolean' ? Number(value) : (value as string | number)}`;
    return (
      this.run(
        sql`SELECT 1 FROM resources r WHERE r.endpoint = ${this.endpoint} AND r.type = ${type} AND ${compare} AND r.id IS NOT ${exceptId} LIMIT 1`,
      ).length > 0
    );
  }

  private run<T>(query: Sql): T[] {
    let statement = this.cache.get(query.text);
    if (!statement) {
      statement = this.db.prepare(query.text);
      if (this.cache.size >= 256) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(query.text, statement);
    }
    return statement.all(...query.params) as T[];
  }

  private write<T>(fn: () => T): T {
    try {
      const result = fn();
      this.statements.bump.run();
      return result;
    } catch (error) {
      throw translate(error, this.caseExact);
    }
  }
}

function translate(error: unknown, caseExactUserName: boolean): unknown {
  if (error instanceof ScimError || !(error instanceof SqliteError)) return error;
  if (error.code === 'SQLITE_CONSTRAINT_UNIQUE') {
    const what = error.message.includes('user_key') ? 'userName' : 'displayName';
    const how = what === 'userName' && caseExactUserName ? 'is unique' : 'is unique, ignoring case';
    return conflict(`${what} is already taken by another resource (${what} ${how})`);
  }
  return error;
}
