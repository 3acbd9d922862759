/**
 * What the detail pane says a request changed: pure, so it is unit-tested. A failed request changed
 * nothing, whatever an older entry recorded (before this rule, a refused PATCH kept the resource it
 * read and no "after" — a diff of every attribute deleted); so is a write that set what was set.
 */
import type { MemberChanges, TrafficEntry } from '../../../../shared/types';
import { diff, type Change } from './diff';

export type ChangeView =
  | { kind: 'failed'; status: number; detail: string | null }
  | { kind: 'read' }
  | { kind: 'bulk' }
  | { kind: 'unchanged' }
  | { kind: 'changed'; action: 'created' | 'updated' | 'deleted'; rows: Change[]; members: MemberChanges | null };

/** Operations that write; anything else only reads (a lookup, a list, a search, discovery, a token). */
const WRITES = /^(create|replace|update|disable|enable|delete)-|-members$/;

/** The `detail` of a SCIM error response, when the body is one. */
function errorDetail(body: string | null): string | null {
  if (!body) return null;
  try {
    const parsed = JSON.parse(body) as { detail?: unknown };
    return typeof parsed.detail === 'string' ? parsed.detail : null;
  } catch {
    return null;
  }
}

export function changeView(entry: TrafficEntry): ChangeView {
  if (entry.status >= 400) return { kind: 'failed', status: entry.status, detail: errorDetail(entry.responseBody) };
  if (entry.operation === 'bulk') return { kind: 'bulk' };
  if (!WRITES.test(entry.operation)) return { kind: 'read' };
  const members = entry.members && entry.members.added + entry.members.removed > 0 ? entry.members : null;
  if (!entry.before && !entry.after && !members) return { kind: 'unchanged' };
  const action = !entry.before && entry.after ? 'created' : entry.before && !entry.after ? 'deleted' : 'updated';
  const rows = entry.before || entry.after ? diff(entry.before, entry.after) : [];
  return { kind: 'changed', action, rows, members };
}

/** What to say instead of a table of changes ("Nothing was changed: …"); null when there are changes. */
export function changeMessage(view: ChangeView): string | null {
  switch (view.kind) {
    case 'failed':
      return `Nothing was changed: the bench answered ${view.status} and applied none of this request.${view.detail ? ` ${view.detail}` : ''}`;
    case 'read':
      return 'Nothing was changed: this request only reads.';
    case 'bulk':
      return 'A bulk request: each operation and its outcome are in the response.';
    case 'unchanged':
      return 'Nothing was changed: the resource already had every value this request sets.';
    default:
      return null;
  }
}

/** A value as the changes table shows it. */
export const shown = (value: unknown): string => (value === undefined ? 'not set' : JSON.stringify(value));

/**
 * A path split where a schema URN ends (`urn:…:enterprise:2.0:User` + `.department`), so the long
 * URN can be shown apart and wrapped; `urn` is empty for a core attribute.
 */
export function splitUrn(path: string): { urn: string; rest: string } {
  if (!path.startsWith('urn:')) return { urn: '', rest: path };
  const dot = path.indexOf('.', path.lastIndexOf(':'));
  return dot < 0 ? { urn: path, rest: '' } : { urn: path.slice(0, dot), rest: path.slice(dot) };
}
