/**
 * The endpoints as the listener and the console use them: each one's row (bench.db), its store,
 * its credentials and its SCIM service, built when first asked for and rebuilt when the endpoint
 * changes or a restore replaces the database. Isolation has one root: a service is built over a
 * ResourceStore scoped to its endpoint, and authenticated with that endpoint's credentials only.
 */
import { DEFAULT_ENDPOINT_ID } from '../../shared/endpoints';
import type { Profile } from '../../shared/profile';
import type { BenchDatabase } from '../backup/bench-database';
import type { ScimEndpoint } from '../http/scim-app';
import { schemaSetOf } from '../scim/schema-set';
import { FaultInjector } from '../faults/injector';
import { ScimService } from '../service/scim-service';
import { newlyDeclared, retypeDeclared } from './retype';
import { EndpointStore, type EndpointChanges, type EndpointRow } from '../store/endpoint-store';
import type { ResourceStore } from '../store/resource-store';
import type { EndpointCredentials } from './endpoint-credentials';

export interface EndpointRuntime extends ScimEndpoint {
  row: EndpointRow;
  store: ResourceStore;
}

export interface RegistryOptions {
  database: BenchDatabase;
  credentials: EndpointCredentials;
  /** The global `strict` setting: every deviation refused, on every endpoint, whatever its profile. */
  strict: () => boolean;
  /** The global switch over fault injection: while it answers true, no endpoint's rules fire. */
  faultsPaused: () => boolean;
  onError: (error: unknown) => void;
}

/** `--strict` over a profile: the dialect refuses everything; the rest of the behaviour stays. */
export const strictOver = (profile: Profile): Profile => ({ ...profile, dialect: { default: 'refuse', codes: {} } });

export class EndpointRegistry {
  private generation = -1;
  private rows!: EndpointStore;
  private readonly built = new Map<string, EndpointRuntime>();
  private readonly injectors = new Map<string, { rules: string; injector: FaultInjector }>();
  /** Lower-cased name → id, for the listener's per-request lookup. */
  private names = new Map<string, string>();

  constructor(private readonly options: RegistryOptions) {}

  /** The endpoint store on the database in place (a restore replaces it, and every endpoint with it). */
  get store(): EndpointStore {
    if (this.generation !== this.options.database.generation) {
      this.generation = this.options.database.generation;
      this.rows = new EndpointStore(this.options.database.db);
      this.built.clear();
      this.names = new Map(this.rows.list().map((row) => [row.name.toLowerCase(), row.id]));
    }
    return this.rows;
  }

  /** The endpoint a path names (null: the default one), or null when no endpoint has that name. */
  byName(name: string | null): EndpointRuntime | null {
    const store = this.store;
    const id = name === null ? DEFAULT_ENDPOINT_ID : this.names.get(name.toLowerCase());
    return id === undefined ? null : this.byId(id, store);
  }

  byId(id: string, store = this.store): EndpointRuntime | null {
    const built = this.built.get(id);
    if (built) return built;
    const row = store.get(id);
    if (!row) return null;
    const runtime = this.build(row, store);
    this.built.set(id, runtime);
    return runtime;
  }

  list(): EndpointRuntime[] {
    return this.store.list().map((row) => this.byId(row.id)!);
  }

  create(input: {
    name: string;
    profile?: Profile;
    schema?: EndpointRow['schema'];
    faults?: EndpointRow['faults'];
  }): EndpointRuntime {
    const row = this.store.create(input);
    this.names.set(row.name.toLowerCase(), row.id);
    return this.byId(row.id)!;
  }

  /** Changes an endpoint; an extension it now declares re-types the data sent for it before (retype.ts). */
  update(id: string, changes: EndpointChanges): EndpointRuntime {
    const before = this.store.get(id);
    const row = this.transaction(() => {
      const row = this.store.update(id, changes);
      const declared = before && changes.schema ? newlyDeclared(before.schema, row.schema) : [];
      const set = schemaSetOf(row.schema, row.profile.userNameCaseExact);
      retypeDeclared(this.store.resources(id), set, declared);
      return row;
    });
    if (before) this.names.delete(before.name.toLowerCase());
    this.names.set(row.name.toLowerCase(), row.id);
    this.built.delete(id); // rebuilt with the new profile and schema at the next request
    return this.byId(id)!;
  }

  /** Builds the endpoint again at its next request (its credentials changed). */
  rebuild(id: string): void {
    this.built.delete(id);
  }

  /** All or nothing: `work` runs in one transaction of bench.db (a failure leaves no change). */
  transaction<T>(work: () => T): T {
    return this.options.database.db.transaction(work)();
  }

  reset(id: string) {
    return this.store.reset(id);
  }

  delete(id: string) {
    const before = this.store.get(id);
    const removed = this.store.delete(id);
    if (before) this.names.delete(before.name.toLowerCase());
    this.built.delete(id);
    this.injectors.delete(id);
    this.options.credentials.forget(id);
    return removed;
  }

  /**
   * The endpoint's fault injector: kept while its rules stay the same (a token rotation, a rename or
   * a restore rebuilds the endpoint but must not restart "the first 3" or a schedule); new rules
   * start their counts and schedules again.
   */
  private injectorFor(row: EndpointRow): FaultInjector {
    const rules = JSON.stringify(row.faults);
    const kept = this.injectors.get(row.id);
    if (kept?.rules === rules) return kept.injector;
    const injector = new FaultInjector(row.faults, this.options.faultsPaused);
    this.injectors.set(row.id, { rules, injector });
    return injector;
  }

  private build(row: EndpointRow, store: EndpointStore): EndpointRuntime {
    const resources = store.resources(row.id);
    const profile = () => (this.options.strict() ? strictOver(row.profile) : row.profile);
    return {
      id: row.id,
      row,
      store: resources,
      credentials: this.options.credentials.of(row.id),
      faults: this.injectorFor(row),
      transaction: (work) => {
        try {
          return this.transaction(work);
        } catch (error) {
          resources.forgetCounts();
          throw error;
        }
      },
      service: new ScimService(() => resources, {
        profile,
        schemas: () => schemaSetOf(row.schema, row.profile.userNameCaseExact),
        onError: this.options.onError,
      }),
      unavailable: () =>
        row.paused ? `The SCIM endpoint '${row.name}' is paused in SCIM Bench (resume it in Endpoints)` : null,
    };
  }
}
