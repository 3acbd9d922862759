/**
 * The endpoints in `bench.db`: their names, profiles, schemas, fault rules and whether they are paused, and
 * the removal of one's data. Resources are read and written through a ResourceStore made for one
 * endpoint (`resources(id)`); every write here bumps the change counter, as resource writes do.
 */
import { randomBytes } from 'node:crypto';
import { EMPTY_SCHEMA, endpointSchemaSchema, type EndpointSchema } from '../../shared/custom-schema';
import { DEFAULT_ENDPOINT_ID, endpointName, type EndpointRemoval } from '../../shared/endpoints';
import { faultRulesSchema, type FaultRule } from '../../shared/faults';
import { DEFAULT_PRESET, presetProfile, profileSchema, type Profile } from '../../shared/profile';
import { badRequest, conflict, notFound } from '../scim/errors';
import type { Db } from './database';
import { ResourceStore } from './resource-store';

export interface EndpointRow {
  id: string;
  name: string;
  paused: boolean;
  profile: Profile;
  schema: EndpointSchema;
  faults: FaultRule[];
  created: string;
}

export interface EndpointChanges {
  name?: string;
  paused?: boolean;
  profile?: Profile;
  schema?: EndpointSchema;
  faults?: FaultRule[];
}

interface Row {
  id: string;
  name: string;
  paused: number;
  profile: string;
  schema: string;
  faults: string;
  created: string;
}

/**
 * A stored profile over the default preset: a profile written before a field was added reads
 * with that field's default value, not as an error.
 */
const profileOf = (text: string): Profile =>
  profileSchema.parse({ ...presetProfile(DEFAULT_PRESET), ...(JSON.parse(text) as object) });

const fromRow = (row: Row): EndpointRow => ({
  id: row.id,
  name: row.name,
  paused: row.paused === 1,
  profile: profileOf(row.profile),
  schema: endpointSchemaSchema.parse(JSON.parse(row.schema)),
  faults: faultRulesSchema.parse(JSON.parse(row.faults)),
  created: row.created,
});

/** 12 hex characters: short in a URL and a file name, 2^48 values. */
const newId = () => randomBytes(6).toString('hex');

export class EndpointStore {
  private readonly statements;

  constructor(private readonly db: Db) {
    this.statements = {
      list: db.prepare<[], Row>('SELECT * FROM endpoints ORDER BY created, rowid'),
      get: db.prepare<[string], Row>('SELECT * FROM endpoints WHERE id = ?'),
      byName: db.prepare<[string], Row>('SELECT * FROM endpoints WHERE name = ?'),
      insert: db.prepare(
        `INSERT INTO endpoints (id, name, profile, schema, faults, paused, created)
          VALUES (@id, @name, @profile, @schema, @faults, 0, @created)`,
      ),
      update: db.prepare(
        'UPDATE endpoints SET name = @name, paused = @paused, profile = @profile, schema = @schema, faults = @faults WHERE id = @id',
      ),
      delete: db.prepare('DELETE FROM endpoints WHERE id = ?'),
      count: db
        .prepare<[string, string], number>('SELECT count(*) FROM resources WHERE endpoint = ? AND type = ?')
        .pluck(),
      counts: db.prepare<[], { endpoint: string; type: string; n: number }>(
        'SELECT endpoint, type, count(*) AS n FROM resources GROUP BY endpoint, type',
      ),
      // Memberships first: the foreign keys would cascade, but row by row through the index.
      clearMembers: db.prepare(
        'DELETE FROM members WHERE group_id IN (SELECT id FROM resources WHERE endpoint = ? AND type = ?)',
      ),
      clearResources: db.prepare('DELETE FROM resources WHERE endpoint = ?'),
      caseTwins: db.prepare<[string], { key: string; n: number }>(
        `SELECT lower(user_name) AS key, count(*) AS n FROM resources
          WHERE endpoint = ? AND type = 'User' GROUP BY lower(user_name) HAVING n > 1 LIMIT 3`,
      ),
      rekey: db.prepare(
        `UPDATE resources SET user_key = CASE WHEN @exact THEN json_extract(data, '$.userName') ELSE lower(json_extract(data, '$.userName')) END
          WHERE endpoint = @id AND type = 'User'`,
      ),
      bump: db.prepare(`UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'changes'`),
    };
  }

  list(): EndpointRow[] {
    return this.statements.list.all().map(fromRow);
  }

  get(id: string): EndpointRow | null {
    const row = this.statements.get.get(id);
    return row ? fromRow(row) : null;
  }

  /** Names compare ignoring case (`Contoso` and `contoso` would be one URL on some proxies). */
  byName(name: string): EndpointRow | null {
    const row = this.statements.byName.get(name);
    return row ? fromRow(row) : null;
  }

  /** The store of one endpoint's Users and Groups, with its profile's userName rule. */
  resources(id: string): ResourceStore {
    const endpoint = this.require(id);
    return new ResourceStore(this.db, { endpoint: id, caseExactUserName: endpoint.profile.userNameCaseExact });
  }

  create(input: { name: string; profile?: Profile; schema?: EndpointSchema; faults?: FaultRule[] }): EndpointRow {
    const row: EndpointRow = {
      id: newId(),
      name: input.name,
      paused: false,
      profile: profileSchema.parse(input.profile ?? presetProfile(DEFAULT_PRESET)),
      schema: endpointSchemaSchema.parse(input.schema ?? EMPTY_SCHEMA),
      faults: faultRulesSchema.parse(input.faults ?? []),
      created: new Date().toISOString(),
    };
    this.write(() => {
      this.takenName(row.name);
      this.statements.insert.run({
        ...row,
        profile: JSON.stringify(row.profile),
        schema: JSON.stringify(row.schema),
        faults: JSON.stringify(row.faults),
      });
    });
    return row;
  }

  /**
   * Renames, pauses or resumes, or changes the profile or schema. Making userName no longer
   * case-exact re-keys the endpoint's users, and is refused while two differ only by case.
   */
  update(id: string, changes: EndpointChanges): EndpointRow {
    return this.write(() => {
      const current = this.require(id);
      const next: EndpointRow = { ...current, ...definedOnly(changes) };
      next.profile = profileSchema.parse(next.profile);
      next.schema = endpointSchemaSchema.parse(next.schema);
      next.faults = faultRulesSchema.parse(next.faults);
      if (next.name !== current.name) this.takenName(next.name, id);
      if (next.profile.userNameCaseExact !== current.profile.userNameCaseExact) {
        if (!next.profile.userNameCaseExact) this.refuseCaseTwins(id);
        this.statements.rekey.run({ id, exact: next.profile.userNameCaseExact ? 1 : 0 });
      }
      this.statements.update.run({
        id,
        name: next.name,
        paused: next.paused ? 1 : 0,
        profile: JSON.stringify(next.profile),
        schema: JSON.stringify(next.schema),
        faults: JSON.stringify(next.faults),
      });
      return next;
    });
  }

  /** Wipes the endpoint's users, groups and memberships; the endpoint itself stays. */
  reset(id: string): EndpointRemoval {
    return this.write(() => {
      this.require(id);
      return this.clear(id);
    });
  }

  /** Deletes an endpoint with its data (not the default one, which serves `/scim/v2`). */
  delete(id: string): EndpointRemoval {
    if (id === DEFAULT_ENDPOINT_ID)
      throw badRequest('The default endpoint cannot be deleted (reset it to empty it)', 'mutability');
    return this.write(() => {
      this.require(id);
      const removed = this.clear(id);
      this.statements.delete.run(id);
      return removed;
    });
  }

  /** Users and groups per endpoint id (endpoints without any are absent). */
  counts(): Map<string, EndpointRemoval> {
    const counts = new Map<string, EndpointRemoval>();
    for (const { endpoint, type, n } of this.statements.counts.all()) {
      const entry = counts.get(endpoint) ?? { users: 0, groups: 0 };
      if (type === 'User') entry.users = n;
      else entry.groups = n;
      counts.set(endpoint, entry);
    }
    return counts;
  }

  private clear(id: string): EndpointRemoval {
    const users = this.statements.count.get(id, 'User')!;
    const groups = this.statements.count.get(id, 'Group')!;
    this.statements.clearMembers.run(id, 'Group');
    this.statements.clearResources.run(id);
    return { users, groups };
  }

  private require(id: string): EndpointRow {
    const endpoint = this.get(id);
    if (!endpoint) throw notFound(`Endpoint '${id}' does not exist`);
    return endpoint;
  }

  /** A valid name (it is a URL segment) that no other endpoint has. */
  private takenName(name: string, except?: string): void {
    const valid = endpointName.safeParse(name);
    if (!valid.success) throw badRequest(`Endpoint name '${name}' ${valid.error.issues[0]!.message}`, 'invalidValue');
    const other = this.byName(name);
    if (other && other.id !== except)
      throw conflict(`An endpoint is already named '${other.name}' (names are unique, ignoring case)`);
  }

  private refuseCaseTwins(id: string): void {
    const twins = this.statements.caseTwins.all(id);
    if (!twins.length) return;
    const names = twins.map((t) => `'${t.key}' (${t.n} users)`).join(', ');
    throw conflict(
      `userName cannot stop being case-exact: users differ only by case in ${names}; rename or delete them first`,
    );
  }

  /** One transaction, and the change counter bumped when it commits (backups notice it). */
  private write<T>(fn: () => T): T {
    return this.db.transaction(() => {
      const result = fn();
      this.statements.bump.run();
      return result;
    })();
  }
}

const definedOnly = (changes: EndpointChanges): Partial<EndpointRow> =>
  Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) as Partial<EndpointRow>;
