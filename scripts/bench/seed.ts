/** Seeds a data folder directly through the store (much faster than over HTTP), before `serve` opens it. */
import path from 'node:path';
import { openDatabase } from '../../app/store/database';
import { BENCH_MIGRATIONS } from '../../app/store/migrations';
import { ResourceStore } from '../../app/store/resource-store';
import { USER_SCHEMA } from '../../app/scim/schemas';

export interface Seeded {
  userIds: string[];
  groupId: string | null;
}

export function seed(
  dataDir: string,
  users: number,
  options: { padBytes?: number; groupMembers?: number } = {},
): Seeded {
  const db = openDatabase(path.join(dataDir, 'bench.db'), { migrations: BENCH_MIGRATIONS });
  const store = new ResourceStore(db);
  const pad = options.padBytes ? 'x'.repeat(options.padBytes) : undefined;
  try {
    return store.transaction(() => {
      const userIds: string[] = [];
      for (let i = 0; i < users; i++)
        userIds.push(
          store.create('User', {
            schemas: [USER_SCHEMA],
            userName: `user${i}@contoso.com`,
            externalId: `ext-${i}`,
            active: true,
            name: { givenName: `Given${i}`, familyName: `Family${i}` },
            emails: [{ value: `user${i}@contoso.com`, type: 'work', primary: true }],
            ...(pad ? { title: pad } : {}),
          }).id,
        );
      let groupId: string | null = null;
      if (options.groupMembers) {
        groupId = store.create('Group', { schemas: [], displayName: 'Everyone' }).id;
        store.addMembers(groupId, userIds.slice(0, options.groupMembers));
      }
      return { userIds, groupId };
    });
  } finally {
    db.close();
  }
}
