/**
 * The profile editor's logic, apart from its form: which preset a profile is (if any), and what
 * is wrong with a draft in words (the engine's own zod schema, so the editor and the engine agree;
 * the engine still has the final word).
 */
import { PRESETS, PRESET_NAMES, profileSchema, type PresetName, type Profile } from '../../../../shared/profile';

/** JSON with object keys sorted: two profiles are the same when this is. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

/** The preset a profile equals, or null when it was edited away from every one. */
export function presetOf(profile: Profile): PresetName | null {
  const text = canonical(profile);
  return PRESET_NAMES.find((name) => canonical(PRESETS[name].profile) === text) ?? null;
}

/** Names of a profile's fields as the editor labels them. */
const FIELD_NAMES: Record<string, string> = {
  dialect: 'Dialect',
  unknownAttributes: 'Unknown attributes',
  bulk: 'Bulk',
  maxOperations: 'most operations',
  maxPayloadSize: 'largest payload',
  filter: 'Filter',
  maxResults: 'most results',
  only: 'only these',
  maxPageSize: 'Largest page',
  codes: 'per code',
};

/** Every problem of a draft, one sentence each (empty: the engine is asked). */
export function profileProblems(draft: unknown): string[] {
  const parsed = profileSchema.safeParse(draft);
  if (parsed.success) return [];
  return parsed.error.issues.map((issue) => {
    const where = issue.path.map((p) => FIELD_NAMES[String(p)] ?? String(p)).join(', ');
    return `${where || 'The profile'}: ${issue.message}`;
  });
}

/** `userName eq, emails.value co` → the `filter.only` list (null when empty: the whole grammar). */
export function parseOnly(text: string): string[] | null {
  const pairs = text
    .split(',')
    .map((s) => s.trim().replace(/\s+/g, ' '))
    .filter(Boolean);
  return pairs.length ? pairs : null;
}
