/**
 * What a traffic entry keeps of a change. A request that changed nothing keeps no before/after:
 * a failed PATCH leaves the resource read on the way and no "after", which a diff shows as every
 * attribute deleted ("Entra wiped the user") when the bench in fact refused it and changed nothing.
 */
import type { MemberChanges } from '../../shared/types';
import type { JsonObject } from '../scim/resource';
import type { Outcome } from '../service/scim-service';

export interface RecordedChange {
  before: JsonObject | null;
  after: JsonObject | null;
  members: MemberChanges | null;
  /** A write that succeeded and left everything as it was (a PATCH that set what was already set). */
  unchanged: boolean;
}

const NOTHING: RecordedChange = { before: null, after: null, members: null, unchanged: false };

/** JSON with keys in order, so two renderings of the same resource compare equal. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
  );
}

/** The same resource, its `meta` (version, lastModified) aside. */
function sameResource(a: JsonObject, b: JsonObject): boolean {
  const { meta: _a, ...restA } = a;
  const { meta: _b, ...restB } = b;
  return JSON.stringify(canonical(restA)) === JSON.stringify(canonical(restB));
}

/**
 * The change to record for a request answered `status` with `outcome`: nothing for a failure
 * (≥ 400: its transaction rolled back), nothing for a write that changed nothing, and for a group
 * whose only change was its members, the members alone.
 */
export function recordedChange(status: number, outcome: Outcome | undefined): RecordedChange {
  if (!outcome || status >= 400) return NOTHING;
  const { before, after } = outcome;
  const wrote = before !== null || after !== null || outcome.members !== undefined;
  if (!wrote) return NOTHING;
  const members = outcome.members && outcome.members.added + outcome.members.removed > 0 ? outcome.members : null;
  const bodyChanged = !before || !after || !sameResource(before, after);
  if (!bodyChanged && !members) return { ...NOTHING, unchanged: true };
  return { before: bodyChanged ? before : null, after: bodyChanged ? after : null, members, unchanged: false };
}
