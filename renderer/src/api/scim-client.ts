/**
 * The console's own SCIM calls (the Directory), through the real endpoint so they show as console
 * traffic: typed, with filters built from values (quoted and escaped here), never by hand.
 */
import type { BenchApi } from '../../../shared/api';

export type Kind = 'Users' | 'Groups';

export interface Resource {
  id: string;
  userName?: string;
  displayName?: string;
  externalId?: string;
  active?: boolean;
  members?: { value: string; display?: string; type?: string }[];
  groups?: { value: string; display?: string }[];
  meta?: { created?: string; lastModified?: string; resourceType?: string };
  [key: string]: unknown;
}

export interface ListResponse {
  totalResults: number;
  startIndex: number;
  itemsPerPage: number;
  Resources: Resource[];
}

const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** A SCIM string literal: RFC 7644 §3.4.2.2 compValue, JSON-escaped. */
export const quoted = (value: string) => JSON.stringify(value);

/** `attr eq "value"`, one term per attribute, joined with `or`. */
export const anyEquals = (attrs: string[], value: string) => attrs.map((a) => `${a} eq ${quoted(value)}`).join(' or ');

/** `attr co "value"`, one term per attribute, joined with `or` (a search over several attributes). */
export const anyContains = (attrs: string[], value: string) =>
  attrs.map((a) => `${a} co ${quoted(value)}`).join(' or ');

/** What the Directory searches in, per resource type. */
export const SEARCHED: Record<Kind, string[]> = {
  Users: ['userName', 'displayName', 'externalId'],
  Groups: ['displayName', 'externalId'],
};

/** How a resource is shown (and, for a user, how it is named as a member): displayName, else userName. */
export const shownName = (r: { displayName?: string; userName?: string; display?: string; value?: string }) =>
  r.display ?? r.displayName ?? r.userName ?? r.value ?? '';

/** A client of one endpoint (its id; absent: the default endpoint). */
export function scimClient(api: BenchApi, endpoint?: string) {
  const call = async <T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> => {
    const { status, body: answer } = await api.scim({
      method,
      path,
      ...(body !== undefined ? { body } : {}),
      ...(endpoint ? { endpoint } : {}),
    });
    if (status >= 400) throw new Error((answer as { detail?: string } | null)?.detail ?? `SCIM answered ${status}`);
    return answer as T;
  };
  const query = (params: Record<string, string | number | undefined>) =>
    Object.entries(params)
      .filter(([, v]) => v !== undefined && v !== '')
      .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
      .join('&');
  return {
    list: (
      kind: Kind,
      options: {
        filter?: string;
        startIndex?: number;
        count?: number;
        attributes?: string;
        excludedAttributes?: string;
        sortBy?: string;
      } = {},
    ) => call<ListResponse>('GET', `/${kind}?${query(options)}`),
    get: (kind: Kind, id: string) => call<Resource>('GET', `/${kind}/${encodeURIComponent(id)}`),
    create: (kind: Kind, body: Record<string, unknown>) => call<Resource>('POST', `/${kind}`, body),
    remove: (kind: Kind, id: string) => call<void>('DELETE', `/${kind}/${encodeURIComponent(id)}`),
    patch: (kind: Kind, id: string, Operations: unknown[]) =>
      call<Resource | null>('PATCH', `/${kind}/${encodeURIComponent(id)}`, { schemas: [PATCH], Operations }),
    /** Users whose userName or displayName is `name` — how a member is shown — at most 10. */
    usersNamed: async (name: string) =>
      (
        await call<ListResponse>(
          'GET',
          `/Users?${query({ filter: anyEquals(['userName', 'displayName'], name), attributes: 'userName,displayName', count: 10 })}`,
        )
      ).Resources,
    addMember: (groupId: string, memberId: string) =>
      call<null>('PATCH', `/Groups/${encodeURIComponent(groupId)}`, {
        schemas: [PATCH],
        Operations: [{ op: 'add', path: 'members', value: [{ value: memberId }] }],
      }),
    removeMember: (groupId: string, memberId: string) =>
      call<null>('PATCH', `/Groups/${encodeURIComponent(groupId)}`, {
        schemas: [PATCH],
        Operations: [{ op: 'remove', path: `members[value eq ${quoted(memberId)}]` }],
      }),
  };
}

export type ScimClient = ReturnType<typeof scimClient>;
