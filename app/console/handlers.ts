/**
 * The console contract implemented over the engine: one handler per command, each a line or two
 * that hands the work to where it lives. `dispatch` (app/commands.ts) has validated the input.
 */
import type { BenchEvent } from '../../shared/api';
import type { BackupGeneration, BenchInfo, Settings } from '../../shared/types';
import { checkBackupFolder, startNewBackupSet, type FolderContext } from '../backup/backup-folder';
import type { BackupService } from '../backup/backup-service';
import type { RestoreReport } from '../backup/restore';
import type { ConsoleCheck } from '../check/console-check';
import { faultSummary } from '../faults/fault-summary';
import { CommandError, type CommandHandlers } from '../commands';
import type { TrafficStore } from '../store/traffic-store';
import type { ActivityCycles } from '../traffic/cycles';
import { curlCommand } from '../traffic/export';
import { replay, replayPreview } from '../traffic/replay';
import { testConnection } from './connection-test';
import { consoleScim } from './console-scim';

/** Where the console's own SCIM requests go for one endpoint, and with which secrets. */
export interface ConsoleTarget {
  scimUrl: string;
  token: string;
  mark: string;
}

/** What the handlers need of the engine. */
export interface ConsoleHost {
  info(endpoint?: string): BenchInfo;
  target(endpoint?: string): ConsoleTarget;
  rotateToken(graceSeconds: number, endpoint?: string): void;
  readonly traffic: TrafficStore;
  clearTraffic(): Promise<number>;
  /** The backup service in force (replaced when the backup settings change). */
  backup(): BackupService;
  restoreGeneration(file: string): Promise<RestoreReport>;
  folderContext(): FolderContext;
  readonly activity: ActivityCycles;
  settings(): Settings;
  updateSettings(patch: Partial<Settings>): Promise<Settings>;
  onEvent(listener: (event: BenchEvent) => void): () => void;
  /** `scim-bench check` run from the console. */
  readonly check: ConsoleCheck;
  readonly endpoints: Pick<
    CommandHandlers,
    'endpoints:list' | 'endpoints:create' | 'endpoints:update' | 'endpoints:reset' | 'endpoints:delete'
  >;
}

export function consoleHandlers(host: ConsoleHost): CommandHandlers {
  const origin = (endpoint?: string) => new URL(host.target(endpoint).scimUrl).origin;
  return {
    'info:get': async () => host.info(),
    'faults:summary': async ({ endpoint, lastMinutes }) =>
      faultSummary(host.traffic.db, { endpoint, lastMinutes, paused: host.settings().faultsPaused }),
    'traffic:list': async (query) => host.traffic.list(query),
    'traffic:get': async ({ id }) => host.traffic.get(id),
    'traffic:stats': async (filter) => host.traffic.stats(filter),
    'traffic:clear': async () => ({ removed: await host.clearTraffic() }),
    'traffic:curl': async ({ id, withToken }) => {
      const entry = host.traffic.get(id);
      return entry && curlCommand(entry, withToken ? host.target(entry.endpoint).token : undefined);
    },
    'traffic:replay-preview': async ({ id }) => replayPreview(host.traffic, id, origin()),
    'traffic:replay': ({ id }) => {
      const { token, mark } = host.target(host.traffic.get(id)?.endpoint);
      return replay(host.traffic, id, origin(), { token, mark }, (listener) =>
        host.onEvent((event) => event.type === 'traffic:new' && listener()),
      );
    },
    'backup:get-status': async () => host.backup().getStatus(),
    'backup:run-now': () => host.backup().runNow(),
    'backup:list': async (): Promise<BackupGeneration[]> =>
      (await host.backup().list()).map(({ file, time, size, changes, host: machine, appVersion }) => ({
        file,
        time,
        size,
        changes,
        host: machine,
        appVersion,
      })),
    'backup:restore': async ({ file }) => {
      const report = await host.restoreGeneration(file);
      return { restored: report.restored, setAside: report.setAside, endpoints: report.endpoints };
    },
    'backup:check-folder': ({ dir }) => checkBackupFolder(dir, host.folderContext()),
    'backup:new-set': async ({ dir }) => {
      await startNewBackupSet(dir, host.folderContext());
      return host.backup().runNow();
    },
    'activity:cycles': (page) => host.activity.page(page),
    // `serve`'s console replaces this handler (app/http/console-app.ts): the key is its own.
    'console:rotate-key': async () => {
      throw new CommandError(409, 'Only `scim-bench serve` has a console key; the desktop app needs none');
    },
    'auth:rotate-token': async ({ graceSeconds, endpoint }) => {
      host.rotateToken(graceSeconds, endpoint);
      return host.info(endpoint);
    },
    'settings:get': async () => host.settings(),
    'settings:update': (patch) => host.updateSettings(patch),
    'connect:test': ({ url, endpoint }) => {
      const { scimUrl, token, mark } = host.target(endpoint);
      return testConnection(url ?? scimUrl, token, mark, scimUrl);
    },
    'check:run': ({ url, token, endpoint, profile, allowExisting }) => {
      const own = url ? null : host.target(endpoint);
      return host.check.run({ baseUrl: url ?? own!.scimUrl, token: token ?? own!.token, profile, allowExisting });
    },
    'check:cancel': async () => host.check.cancel(),
    'scim:request': ({ endpoint, ...call }) => {
      const { scimUrl, token, mark } = host.target(endpoint);
      return consoleScim(scimUrl, token, mark, call);
    },
    ...host.endpoints,
  };
}
