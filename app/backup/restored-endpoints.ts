/**
 * What a restored or adopted bench.db brings back, per endpoint: the restore report names each
 * endpoint with its users and groups, so the user sees at once what came back (docs/backup.md).
 */
import Database from 'better-sqlite3';
import { DEFAULT_ENDPOINT_ID, type EndpointRestored } from '../../shared/endpoints';

/**
 * Reads `dbFile` on its own read-only connection. A database from before endpoints (no endpoints
 * table) holds one: the default endpoint, with every resource.
 */
export function endpointsRestored(dbFile: string): EndpointRestored[] {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    const hasEndpoints = db
      .prepare(`SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'endpoints'`)
      .pluck()
      .get();
    const count = (type: string) => `(SELECT count(*) FROM resources r WHERE r.endpoint = e.id AND r.type = '${type}')`;
    if (!hasEndpoints) {
      const n = (type: string) =>
        db.prepare('SELECT count(*) FROM resources WHERE type = ?').pluck().get(type) as number;
      return [{ id: DEFAULT_ENDPOINT_ID, name: DEFAULT_ENDPOINT_ID, users: n('User'), groups: n('Group') }];
    }
    return db
      .prepare(
        `SELECT e.id, e.name, ${count('User')} AS users, ${count('Group')} AS groups FROM endpoints e ORDER BY e.created, e.rowid`,
      )
      .all() as EndpointRestored[];
  } finally {
    db.close();
  }
}
