/**
 * `manifest.json` on the backup share, and the names of the files it lists. The share is untrusted
 * (docs/security.md): anyone who can write it can write this file, so it is parsed in the share
 * child process, capped in bytes and entries, and every entry is checked against a schema whose
 * file names can only be the bench's own plain generation names — never a path.
 */
import { z } from 'zod';

export const MARKER = '.scim-bench-backup';
export const MANIFEST = 'manifest.json';

/** Larger than any manifest the bench writes (1,000 entries of at most ~600 bytes). */
export const MAX_MANIFEST_BYTES = 1 << 20;
/** Per list: the most generations `--backup-generations` can keep. */
export const MAX_LISTED = 1000;

/** `bench-20240102T030405-c17.db`: a provisioning generation (see backup-service.ts). */
export const BENCH_FILE = /^bench-\d{8}T\d{6}-c\d{1,15}\.db$/;
/** `traffic-20240102T030405.db`: a traffic generation. */
export const TRAFFIC_FILE = /^traffic-\d{8}T\d{6}\.db$/;
/** A copy in progress (share-files.ts). */
export const PARTIAL_FILE = /^\.partial-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export type GenerationKind = 'bench' | 'traffic';
export const FILE_PATTERN: Record<GenerationKind, RegExp> = { bench: BENCH_FILE, traffic: TRAFFIC_FILE };

/** Which kind of generation `name` is, or null when it is not a name the bench publishes. */
export function generationKind(name: string): GenerationKind | null {
  return BENCH_FILE.test(name) ? 'bench' : TRAFFIC_FILE.test(name) ? 'traffic' : null;
}

const generation = (file: RegExp) =>
  z.object({
    file: z.string().max(64).regex(file, 'not a generation name the bench publishes'),
    time: z.iso.datetime(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/, 'not a SHA-256'),
    size: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    changes: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    lineage: z.string().regex(/^[0-9a-z]{1,64}$/, 'not a lineage id'),
    host: z.string().max(255),
    appVersion: z.string().max(64),
  });

const ENTRY: Record<GenerationKind, ReturnType<typeof generation>> = {
  bench: generation(BENCH_FILE),
  traffic: generation(TRAFFIC_FILE),
};

export type Generation = z.infer<ReturnType<typeof generation>>;

export interface Manifest {
  format: 1;
  generations: Generation[];
  /** The traffic history, backed up less often (see docs/backup.md). */
  traffic?: Generation[];
}

/** An entry of the manifest (or a file) that was not used, and why. */
export interface Skipped {
  file: string;
  reason: string;
}

export interface ManifestRead {
  manifest: Manifest;
  /** Entries that failed the schema or repeated an earlier file: never fetched, never deleted. */
  ignored: Skipped[];
}

const SHAPE = z.object({
  format: z.literal(1, 'its format is not 1'),
  generations: z.array(z.unknown()).max(MAX_LISTED, `it lists more than ${MAX_LISTED} generations`),
  traffic: z.array(z.unknown()).max(MAX_LISTED, `it lists more than ${MAX_LISTED} traffic generations`).optional(),
});

export class ManifestError extends Error {
  readonly code = 'EMANIFEST';
}

const firstIssue = (error: z.ZodError) => {
  const [issue] = error.issues;
  return issue ? `${issue.path.join('.') || 'value'}: ${issue.message}` : 'invalid';
};

/** Keeps the valid entries of a list, first of each file name only (a Set: linear in the entries). */
function validEntries(list: unknown[], kind: GenerationKind, ignored: Skipped[]): Generation[] {
  const seen = new Set<string>();
  const kept: Generation[] = [];
  for (const raw of list) {
    const parsed = ENTRY[kind].safeParse(raw);
    const file = (raw as { file?: unknown } | null)?.file;
    const shown = typeof file === 'string' ? file.slice(0, 200) : '(no file name)';
    if (!parsed.success) ignored.push({ file: shown, reason: `manifest entry refused: ${firstIssue(parsed.error)}` });
    else if (seen.has(parsed.data.file)) ignored.push({ file: shown, reason: 'manifest entry refused: listed twice' });
    else {
      seen.add(parsed.data.file);
      kept.push(parsed.data);
    }
  }
  return kept;
}

/**
 * Parses the text of `manifest.json` (already capped at MAX_MANIFEST_BYTES by the reader).
 * Throws a ManifestError when the whole file is unusable (not JSON, another format, too many
 * entries); single bad entries are dropped and reported in `ignored`.
 */
export function parseManifest(text: string): ManifestRead {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ManifestError(`${MANIFEST} is damaged (not JSON); fix or remove it`);
  }
  const shape = SHAPE.safeParse(json);
  if (!shape.success) throw new ManifestError(`${MANIFEST} is not one SCIM Bench writes (${firstIssue(shape.error)})`);
  const ignored: Skipped[] = [];
  const manifest: Manifest = { format: 1, generations: validEntries(shape.data.generations, 'bench', ignored) };
  if (shape.data.traffic) manifest.traffic = validEntries(shape.data.traffic, 'traffic', ignored);
  return { manifest, ignored };
}

/** The text the bench writes: checked against the same schema it reads with. */
export function serializeManifest(manifest: Manifest): string {
  const { manifest: checked, ignored } = parseManifest(JSON.stringify(manifest));
  if (ignored.length) throw new ManifestError(`refusing to write ${MANIFEST}: ${ignored[0]!.reason}`);
  const text = JSON.stringify(checked, null, 2);
  if (Buffer.byteLength(text) > MAX_MANIFEST_BYTES)
    throw new ManifestError(`refusing to write ${MANIFEST}: larger than ${MAX_MANIFEST_BYTES} bytes`);
  return text;
}
