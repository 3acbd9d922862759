/**
 * Every React Query key the console uses, in one place, so that an engine event invalidates
 * exactly what it changed and no screen invents a key another screen must guess.
 */
import type { TrafficFilter } from '../../../shared/types';

export const queryKeys = {
  info: ['info'] as const,
  settings: ['settings'] as const,
  backup: ['backup'] as const,
  backupGenerations: ['backup-generations'] as const,
  /** What saving a folder would do (read fresh: the folder can change under the page). */
  backupFolderCheck: (dir: string, asOf: string | null = null) => ['backup-folder-check', dir, asOf] as const,
  /** Every traffic list, whatever its filter (for invalidation). */
  trafficLists: ['traffic'] as const,
  /** A list's newest page and what arrived since (renderer/src/features/traffic/use-traffic.ts). */
  traffic: (filter: TrafficFilter) => ['traffic', 'head', filter] as const,
  /** Page `page` of a list pinned at id `base`: it never changes, so it is fetched once. */
  trafficPage: (filter: TrafficFilter, base: number, page: number) => ['traffic', 'page', filter, base, page] as const,
  trafficEntry: (id: number) => ['traffic-entry', id] as const,
  /** Every statistics query, whatever its filter (for invalidation). */
  allStats: ['stats'] as const,
  /** Statistics of the entries up to id `through` (all of them when absent), a rolling window's as of `readAt`. */
  stats: (filter: TrafficFilter, through?: number, readAt = 0) => ['stats', filter, through ?? null, readAt] as const,
  /** Under the statistics prefix: like them, refreshed at most every few seconds while traffic arrives. */
  activityCycles: ['stats', 'activity-cycles'] as const,
  /** One endpoint's faults and reactions over the last minutes (null: the whole log); refreshed like statistics. */
  faultSummary: (endpoint: string, lastMinutes: number | null) => ['stats', 'faults', endpoint, lastMinutes] as const,
  /** A cycle's requests; a cycle that grew has a new newest id, so a new key. */
  activityCycleRequests: (id: number, lastId: number) => ['activity-cycle', id, lastId] as const,
  /** Connect's step 4: the newest request from Entra (under 'traffic', so a resync refetches it). */
  latestFromEntra: (endpoint: string) => ['traffic', 'latest-from-entra', endpoint] as const,
  /** Every endpoint with its profile, schema and counts (`endpoints:list`). */
  endpoints: ['endpoints'] as const,
  directory: ['directory'] as const,
  directoryList: (endpoint: string, kind: string, search: string, startIndex: number) =>
    ['directory', endpoint, kind, search, startIndex] as const,
  directorySuggestions: (endpoint: string, text: string) => ['directory', endpoint, 'suggestions', text] as const,
  directoryItem: (endpoint: string, kind: string, id: string | null) =>
    ['directory', endpoint, kind, 'one', id] as const,
};
