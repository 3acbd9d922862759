/**
 * Each endpoint's own credentials: bearer token(s) with rotation, OAuth client, issued access
 * tokens and fingerprint key. The default endpoint keeps `credentials.json` (and `--token`), so an
 * upgraded bench keeps the token its identity provider has; every other endpoint has a file of its
 * own. They live beside bench.db, never in it, so no backup carries a secret: an endpoint restored
 * on another machine gets new credentials there.
 */
import { rmSync } from 'node:fs';
import { DEFAULT_ENDPOINT_ID } from '../../shared/endpoints';
import { Credentials } from '../auth/credentials';
import { dataFile, endpointCredentialsFile } from '../data-files';
import { lastGoodCopy } from '../fs/atomic-file';

export class EndpointCredentials {
  private readonly loaded = new Map<string, Credentials>();
  /** Tokens given at launch (`--token` for the default endpoint, the endpoints file for others). */
  private readonly fixed = new Map<string, string>();

  constructor(
    private readonly dataDir: string,
    fixedToken: string | null,
  ) {
    if (fixedToken !== null) this.fixed.set(DEFAULT_ENDPOINT_ID, fixedToken);
  }

  /** Fixes an endpoint's token for this run (saved only when it had none), like `--token`. */
  fix(id: string, token: string): void {
    this.fixed.set(id, token);
    this.loaded.delete(id);
  }

  private file(id: string): string {
    return id === DEFAULT_ENDPOINT_ID
      ? dataFile(this.dataDir, 'credentials')
      : endpointCredentialsFile(this.dataDir, id);
  }

  /** The endpoint's credentials, made (and saved) the first time they are asked for. */
  of(id: string): Credentials {
    let credentials = this.loaded.get(id);
    if (!credentials) {
      credentials = new Credentials(this.file(id), this.fixed.get(id) ?? null);
      this.loaded.set(id, credentials);
    }
    return credentials;
  }

  /** A deleted endpoint's secrets go with it (the default endpoint cannot be deleted). */
  forget(id: string): void {
    if (id === DEFAULT_ENDPOINT_ID) return;
    this.loaded.delete(id);
    this.fixed.delete(id);
    const file = this.file(id);
    for (const name of [file, lastGoodCopy(file)]) rmSync(name, { force: true });
  }
}
