/** Schema history of the traffic log (`traffic.db`). Append only; see traffic-store.ts for what it holds. */
export const TRAFFIC_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE traffic (
    id               INTEGER PRIMARY KEY,
    time             TEXT NOT NULL,
    client           TEXT NOT NULL,
    method           TEXT NOT NULL,
    path             TEXT NOT NULL,
    query            TEXT NOT NULL,
    status           INTEGER NOT NULL,
    duration_ms      REAL NOT NULL,
    operation        TEXT NOT NULL,
    resource_type    TEXT,
    resource_id      TEXT,
    sentence         TEXT NOT NULL,
    request_headers  TEXT NOT NULL,
    request_body     TEXT,
    response_headers TEXT NOT NULL,
    response_body    TEXT,
    notes            TEXT NOT NULL
  );
  CREATE INDEX traffic_by_time ON traffic (time);
  `,
  `
  ALTER TABLE traffic ADD COLUMN before_json TEXT;
  ALTER TABLE traffic ADD COLUMN after_json TEXT;
  ALTER TABLE traffic ADD COLUMN members_json TEXT;
  CREATE INDEX traffic_by_operation ON traffic (operation);
  CREATE INDEX traffic_by_status ON traffic (status);
  CREATE VIRTUAL TABLE traffic_fts USING fts5 (
    path, query, request_body, response_body, sentence, content = 'traffic', content_rowid = 'id'
  );
  INSERT INTO traffic_fts (traffic_fts) VALUES ('rebuild');
  CREATE TRIGGER traffic_fts_insert AFTER INSERT ON traffic BEGIN
    INSERT INTO traffic_fts (rowid, path, query, request_body, response_body, sentence)
    VALUES (new.id, new.path, new.query, new.request_body, new.response_body, new.sentence);
  END;
  CREATE TRIGGER traffic_fts_delete AFTER DELETE ON traffic BEGIN
    INSERT INTO traffic_fts (traffic_fts, rowid, path, query, request_body, response_body, sentence)
    VALUES ('delete', old.id, old.path, old.query, old.request_body, old.response_body, old.sentence);
  END;
  `,
  // Index less: response bodies of successful requests are mostly echoes of what was sent and made
  // indexing the costliest part of capture. Error responses stay searchable (their detail matters).
  `
  DROP TRIGGER traffic_fts_insert;
  DROP TRIGGER traffic_fts_delete;
  DROP TABLE traffic_fts;
  CREATE VIRTUAL TABLE traffic_fts USING fts5 (path, query, request_body, sentence, error_body, content = '', contentless_delete = 1);
  INSERT INTO traffic_fts (rowid, path, query, request_body, sentence, error_body)
    SELECT id, path, query, request_body, sentence, CASE WHEN status >= 400 THEN response_body END FROM traffic;
  CREATE TRIGGER traffic_fts_insert AFTER INSERT ON traffic BEGIN
    INSERT INTO traffic_fts (rowid, path, query, request_body, sentence, error_body)
    VALUES (new.id, new.path, new.query, new.request_body, new.sentence, CASE WHEN new.status >= 400 THEN new.response_body END);
  END;
  CREATE TRIGGER traffic_fts_delete AFTER DELETE ON traffic BEGIN
    DELETE FROM traffic_fts WHERE rowid = old.id;
  END;
  `,
  // Statistics read only these columns: covering indexes let them scan those instead of the wide
  // rows (bodies and headers), and read percentiles by walking durations in order — 100,000
  // entries in about 15 ms instead of about 300.
  `
  DROP INDEX traffic_by_operation;
  CREATE INDEX traffic_stats ON traffic (operation, client, status, duration_ms);
  CREATE INDEX traffic_by_duration ON traffic (duration_ms);
  `,
  // Requests without valid credentials are kept small and never indexed: anyone can send them.
  // Entries from before this step cannot show they were authenticated (so they are never
  // replayed); refused ones leave the index now.
  `
  ALTER TABLE traffic ADD COLUMN authenticated INTEGER NOT NULL DEFAULT 0;
  DROP TRIGGER traffic_fts_insert;
  CREATE TRIGGER traffic_fts_insert AFTER INSERT ON traffic WHEN new.authenticated = 1 BEGIN
    INSERT INTO traffic_fts (rowid, path, query, request_body, sentence, error_body)
    VALUES (new.id, new.path, new.query, new.request_body, new.sentence, CASE WHEN new.status >= 400 THEN new.response_body END);
  END;
  DELETE FROM traffic_fts WHERE rowid IN
    (SELECT id FROM traffic WHERE status IN (401, 429) OR operation IN ('auth-failed', 'oauth-token-refused'));
  `,
  // How many things the client sent that RFC 7643/7644 does not allow (and the bench accepted),
  // counted at capture: the traffic list marks those rows and can list only them.
  `
  ALTER TABLE traffic ADD COLUMN deviations INTEGER NOT NULL DEFAULT 0;
  UPDATE traffic SET deviations = json_array_length(notes) WHERE notes <> '[]';
  CREATE INDEX traffic_by_deviations ON traffic (deviations) WHERE deviations > 0;
  `,
  // Replays link both ways: a replay names the entry it repeats (capture sets it only for requests
  // carrying the console mark, so no client can forge the link); the original finds its replays.
  `
  ALTER TABLE traffic ADD COLUMN replay_of INTEGER;
  CREATE INDEX traffic_by_replay_of ON traffic (replay_of) WHERE replay_of IS NOT NULL;
  `,
  // One resource's requests (the Directory's "show this user's traffic"): without it, counting
  // them read the whole log — 3.3 s over 1,000,000 entries.
  `
  CREATE INDEX traffic_by_resource ON traffic (resource_id) WHERE resource_id IS NOT NULL;
  `,
  // The whole log in the console (1,000,000 entries: see scripts/bench/ui-bench.ts):
  // - the console's own reads are marked, so the list and the statistics can leave them out;
  // - the list walks ids through a narrow index holding every column a filter reads, so a page
  //   deep in a filtered list never touches the wide rows (and statistics of a search join it);
  // - percentiles walk durations through an index that also holds those columns;
  // - the full-text index keeps 2- and 3-character prefixes: a search typed or pasted ends in a
  //   partial word or a TLD (`…@contoso.com`), and a prefix without one merges every matching
  //   word's list of entries (80 ms at 1,000,000 entries; 1 ms with it). It is rebuilt from the
  //   entries the old one held (refused requests stay out).
  `
  ALTER TABLE traffic ADD COLUMN console_read INTEGER NOT NULL DEFAULT 0;
  UPDATE traffic SET console_read = 1 WHERE client = 'console' AND method IN ('GET', 'HEAD')
    AND replay_of IS NULL AND json_extract(request_headers, '$."x-scim-bench-replay-of"') IS NULL;
  DROP INDEX traffic_stats;
  CREATE INDEX traffic_stats ON traffic (operation, client, status, console_read);
  DROP INDEX traffic_by_duration;
  CREATE INDEX traffic_by_duration ON traffic
    (duration_ms, console_read, client, method, status, operation, resource_type, deviations);
  CREATE INDEX traffic_list ON traffic
    (id, console_read, client, method, status, operation, resource_type, deviations, time, duration_ms);
  CREATE VIRTUAL TABLE traffic_fts_prefixed USING fts5
    (path, query, request_body, sentence, error_body, content = '', contentless_delete = 1, prefix = '2 3');
  INSERT INTO traffic_fts_prefixed (rowid, path, query, request_body, sentence, error_body)
    SELECT id, path, query, request_body, sentence, CASE WHEN status >= 400 THEN response_body END FROM traffic
    WHERE id IN (SELECT rowid FROM traffic_fts);
  DROP TRIGGER traffic_fts_insert;
  DROP TRIGGER traffic_fts_delete;
  DROP TABLE traffic_fts;
  ALTER TABLE traffic_fts_prefixed RENAME TO traffic_fts;
  CREATE TRIGGER traffic_fts_insert AFTER INSERT ON traffic WHEN new.authenticated = 1 BEGIN
    INSERT INTO traffic_fts (rowid, path, query, request_body, sentence, error_body)
    VALUES (new.id, new.path, new.query, new.request_body, new.sentence, CASE WHEN new.status >= 400 THEN new.response_body END);
  END;
  CREATE TRIGGER traffic_fts_delete AFTER DELETE ON traffic BEGIN
    DELETE FROM traffic_fts WHERE rowid = old.id;
  END;
  `,
  // Endpoints (issue 14): each entry names the endpoint (its id) it was sent to; entries from
  // before are the default endpoint's. The three covering indexes gain the column, so one
  // endpoint's list, statistics and percentiles still read only them (a one-time rebuild).
  `
  ALTER TABLE traffic ADD COLUMN endpoint TEXT NOT NULL DEFAULT 'default';
  DROP INDEX traffic_list;
  CREATE INDEX traffic_list ON traffic
    (id, console_read, client, method, status, operation, resource_type, deviations, time, duration_ms, endpoint);
  DROP INDEX traffic_stats;
  CREATE INDEX traffic_stats ON traffic (operation, client, status, console_read, endpoint);
  DROP INDEX traffic_by_duration;
  CREATE INDEX traffic_by_duration ON traffic
    (duration_ms, console_read, client, method, status, operation, resource_type, deviations, endpoint);
  `,
  // Fault injection (issue 15): the fault a rule injected into an entry, and the entry's place among
  // the attempts of a faulted request (its episode). The Faults screen and Activity read episodes
  // through their own small index; a log without faults pays nothing for it.
  `
  ALTER TABLE traffic ADD COLUMN fault_json TEXT;
  ALTER TABLE traffic ADD COLUMN reaction_json TEXT;
  ALTER TABLE traffic ADD COLUMN episode TEXT;
  CREATE INDEX traffic_by_episode ON traffic (endpoint, episode, id) WHERE episode IS NOT NULL;
  `,
];
