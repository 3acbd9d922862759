/**
 * A large traffic log, written with `TrafficStore.insertMany` before the bench starts: Entra-like
 * lookups and creates, one in fifty refused with 409, one in three straying from the RFC, and
 * (optionally) one in a hundred a read the console made itself. Entry `i` (id `i + 1`) looks up or
 * creates `user<i>@contoso.com`, one second after entry `i - 1`; the newest is a second ago.
 */
import path from 'node:path';
import { TrafficStore, type NewTrafficEntry } from '../../app/store/traffic-store';

export const seededUser = (i: number) => `user${i}@contoso.com`;

const isConsoleRead = (i: number) => i % 100 === 50;

/** How many of `count` entries seeded with `consoleReads` are the console's own reads. */
export const consoleReadsSeeded = (count: number) => (count > 50 ? Math.floor((count - 51) / 100) + 1 : 0);

export function seededEntry(i: number, count: number, consoleReads = false): NewTrafficEntry {
  const lookup = i % 3 !== 0;
  const own = consoleReads && isConsoleRead(i);
  return {
    time: new Date(Date.now() - (count - i) * 1000).toISOString(),
    client: own ? 'console' : 'entra',
    method: lookup || own ? 'GET' : 'POST',
    path: '/scim/v2/Users',
    query: lookup || own ? `filter=userName+eq+%22${encodeURIComponent(seededUser(i))}%22` : '',
    status: i % 50 ? (lookup ? 200 : 201) : 409,
    authenticated: true,
    deviations: lookup ? 0 : 1,
    durationMs: 1 + (i % 7),
    operation: lookup || own ? 'lookup-users' : 'create-user',
    resourceType: 'User',
    resourceId: null,
    sentence: own
      ? `The console looked up users where userName eq "${seededUser(i)}" — found none`
      : lookup
        ? `Entra looked up users where userName eq "${seededUser(i)}" — found none`
        : `Entra created user ${seededUser(i)} (sent active as the string "True" instead of a boolean)`,
    requestHeaders: { 'user-agent': own ? 'SCIM Bench console' : 'Azure Active Directory SCIM Provisioning' },
    requestBody: lookup || own ? null : JSON.stringify({ userName: seededUser(i), active: 'True' }),
    responseHeaders: {},
    responseBody: '{}',
    notes: [],
    before: null,
    after: null,
    members: null,
  };
}

/** Writes `count` entries into `<dataDir>/traffic.db`, in transactions of 10,000. */
export function seedTraffic(dataDir: string, count: number, options: { consoleReads?: boolean } = {}): void {
  const store = new TrafficStore(path.join(dataDir, 'traffic.db'));
  try {
    for (let from = 0; from < count; from += 10_000)
      store.insertMany(
        Array.from({ length: Math.min(10_000, count - from) }, (_, k) =>
          seededEntry(from + k, count, options.consoleReads),
        ),
      );
  } finally {
    store.close();
  }
}
