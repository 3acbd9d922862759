/** A traffic entry as the store takes it, for tests that fill traffic.db directly: a read, unless overridden. */
import type { NewTrafficEntry } from '../store/traffic-store';

export const storedEntry = (n: number, over: Partial<NewTrafficEntry> = {}): NewTrafficEntry => ({
  time: new Date().toISOString(),
  client: 'other',
  method: 'GET',
  path: `/scim/v2/Users/${n}`,
  query: '',
  status: 200,
  authenticated: true,
  deviations: 0,
  durationMs: 1,
  operation: 'get-user',
  resourceType: 'User',
  resourceId: String(n),
  sentence: `A client read user ${n}`,
  requestHeaders: {},
  requestBody: null,
  responseHeaders: {},
  responseBody: null,
  notes: [],
  before: null,
  after: null,
  members: null,
  ...over,
});
