/** Schema history of the provisioning database (`bench.db`). Append only. */
import { DEFAULT_ENDPOINT_ID } from '../../shared/endpoints';
import { presetProfile } from '../../shared/profile';

/** A value as a SQL string literal (for the default endpoint's row, written by our code). */
const literal = (value: unknown) => `'${JSON.stringify(value).replace(/'/g, "''")}'`;

export const BENCH_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
  -- lineage: which database this is, across machines and restores; changes: bumped by every write,
  -- so a backup can tell whether anything changed and a restore which copy is ahead.
  INSERT INTO meta (key, value) VALUES ('lineage', lower(hex(randomblob(16)))), ('changes', '0');

  CREATE TABLE resources (
    id            TEXT PRIMARY KEY,
    type          TEXT NOT NULL CHECK (type IN ('User', 'Group')),
    data          TEXT NOT NULL CHECK (json_valid(data)),
    version       INTEGER NOT NULL,
    created       TEXT NOT NULL,
    last_modified TEXT NOT NULL,
    -- Indexed copies of the attributes clients look resources up by; derived, never written.
    user_name     TEXT COLLATE NOCASE GENERATED ALWAYS AS (json_extract(data, '$.userName')) VIRTUAL,
    external_id   TEXT GENERATED ALWAYS AS (json_extract(data, '$.externalId')) VIRTUAL,
    display_name  TEXT COLLATE NOCASE GENERATED ALWAYS AS (json_extract(data, '$.displayName')) VIRTUAL
  );
  CREATE UNIQUE INDEX users_by_user_name ON resources (user_name) WHERE type = 'User';
  CREATE UNIQUE INDEX groups_by_display_name ON resources (display_name) WHERE type = 'Group';
  CREATE INDEX resources_by_external_id ON resources (type, external_id);
  CREATE INDEX resources_by_type ON resources (type, created);

  -- Membership has its own table: adding one member to a 50k-member group is one row.
  CREATE TABLE members (
    group_id  TEXT NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
    member_id TEXT NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
    PRIMARY KEY (group_id, member_id)
  ) WITHOUT ROWID;
  CREATE INDEX members_by_member ON members (member_id);
  `,
  // Listing order is insertion order (rowid), which an index on type alone already yields; the old
  // (type, created) index tempted the planner to walk every user instead of seeking externalId.
  `
  DROP INDEX resources_by_type;
  CREATE INDEX resources_by_type ON resources (type);
  `,
  // Planner statistics, written by hand (SQLite allows it): without them SQLite guesses that
  // `type = 'User'` is as selective as a unique userName, and answers a batched lookup
  // (`userName IN (…)`, see filter-sql.ts) by walking every user instead of seeking each name.
  // The figures describe a large directory; only their proportions matter.
  `
  ANALYZE;
  DELETE FROM sqlite_stat1 WHERE tbl = 'resources';
  INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES
    ('resources', 'sqlite_autoindex_resources_1', '100000 1'),
    ('resources', 'resources_by_type', '100000 50000'),
    ('resources', 'users_by_user_name', '100000 1'),
    ('resources', 'groups_by_display_name', '1000 1'),
    ('resources', 'resources_by_external_id', '100000 50000 1');
  ANALYZE sqlite_schema;
  `,
  // Endpoints (issue 14): every endpoint's data in this one file, so one backup snapshot holds all
  // of them consistently; `resources.endpoint` isolates them, bound by ResourceStore in every
  // statement. Existing data becomes the default endpoint's. Members need no column: a membership
  // joins two resources, and the store only links resources of the same endpoint.
  // `user_key` is the userName as uniqueness compares it, written by the store: lower-cased, or as
  // sent for an endpoint whose profile makes userName case-exact. `users_by_user_name` (NOCASE)
  // stays for lookups, which a filter compiles to that column in both modes.
  `
  CREATE TABLE endpoints (
    id      TEXT PRIMARY KEY,
    name    TEXT NOT NULL UNIQUE COLLATE NOCASE,
    profile TEXT NOT NULL CHECK (json_valid(profile)),
    schema  TEXT NOT NULL CHECK (json_valid(schema)),
    paused  INTEGER NOT NULL DEFAULT 0,
    created TEXT NOT NULL
  );
  INSERT INTO endpoints (id, name, profile, schema, paused, created) VALUES
    ('${DEFAULT_ENDPOINT_ID}', '${DEFAULT_ENDPOINT_ID}', ${literal(presetProfile('entra-friendly'))}, '{"extensions":[]}', 0,
     strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));

  ALTER TABLE resources ADD COLUMN endpoint TEXT NOT NULL DEFAULT '${DEFAULT_ENDPOINT_ID}';
  ALTER TABLE resources ADD COLUMN user_key TEXT;
  UPDATE resources SET user_key = lower(user_name) WHERE type = 'User';

  DROP INDEX users_by_user_name;
  DROP INDEX groups_by_display_name;
  DROP INDEX resources_by_external_id;
  DROP INDEX resources_by_type;
  CREATE UNIQUE INDEX users_by_user_key ON resources (endpoint, user_key) WHERE type = 'User';
  CREATE INDEX users_by_user_name ON resources (endpoint, user_name) WHERE type = 'User';
  CREATE UNIQUE INDEX groups_by_display_name ON resources (endpoint, display_name) WHERE type = 'Group';
  CREATE INDEX resources_by_external_id ON resources (endpoint, type, external_id);
  CREATE INDEX resources_by_type ON resources (endpoint, type);

  -- Planner statistics as in the third step, for ten endpoints of a large directory: an endpoint's
  -- users are many, a userName (or user_key) one, so a batched userName IN (…) still seeks.
  DELETE FROM sqlite_stat1 WHERE tbl = 'resources';
  INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES
    ('resources', 'sqlite_autoindex_resources_1', '100000 1'),
    ('resources', 'resources_by_type', '100000 10000 5000'),
    ('resources', 'users_by_user_key', '100000 10000 1'),
    ('resources', 'users_by_user_name', '100000 10000 1'),
    ('resources', 'groups_by_display_name', '1000 100 1'),
    ('resources', 'resources_by_external_id', '100000 10000 5000 1');
  ANALYZE sqlite_schema;
  `,
  // Fault injection (issue 15): each endpoint's fault rules, an ordered list (shared/faults.ts). They
  // are settings of the endpoint, so they travel with it in every backup.
  `
  ALTER TABLE endpoints ADD COLUMN faults TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(faults));
  `,
];
