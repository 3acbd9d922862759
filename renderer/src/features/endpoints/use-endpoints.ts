/**
 * The bench's endpoints as the console sees them: the list (`endpoints:list`), the one selected in
 * the header, and the mutations that change one — each of which updates the list only with what
 * the engine answered, so nothing on screen claims a change the engine did not make.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { DEFAULT_ENDPOINT_ID, type EndpointInfo } from '../../../../shared/endpoints';
import type { BenchInfo } from '../../../../shared/types';
import { useBench } from '../../api/bench-context';
import { queryKeys } from '../../api/query-keys';
import { useUi } from '../../state/ui-store';

/** What Connect and the header need of an endpoint: the same fields whether it came from the list or from `info:get`. */
export type EndpointCredentials = Pick<
  EndpointInfo,
  'id' | 'name' | 'isDefault' | 'scimUrl' | 'token' | 'previousTokenValidUntil' | 'oauth'
>;

/** The default endpoint as `info:get` describes it (an engine without endpoints has only this one). */
export const defaultFromInfo = (info: BenchInfo): EndpointCredentials => ({
  id: DEFAULT_ENDPOINT_ID,
  name: DEFAULT_ENDPOINT_ID,
  isDefault: true,
  scimUrl: info.scimUrl,
  token: info.token,
  previousTokenValidUntil: info.previousTokenValidUntil,
  oauth: info.oauth,
});

/** The endpoints; an engine that refuses the command (an older one) leaves `data` undefined and says why in `error`. */
export function useEndpoints() {
  const bench = useBench();
  return useQuery({ queryKey: queryKeys.endpoints, queryFn: () => bench.endpoints.list(), retry: false });
}

/**
 * The selected endpoint, or the default one when the selection is gone (deleted meanwhile) or the
 * list cannot be read; undefined only while nothing is known yet.
 */
export function useSelectedEndpoint(): EndpointCredentials | undefined {
  const bench = useBench();
  const id = useUi((s) => s.endpoint);
  const list = useEndpoints();
  const info = useQuery({ queryKey: queryKeys.info, queryFn: () => bench.info.get() });
  const found = list.data?.find((e) => e.id === id) ?? list.data?.find((e) => e.isDefault);
  if (found) return found;
  if (list.isPending && !list.isError) return undefined;
  return info.data && defaultFromInfo(info.data);
}

/**
 * Endpoint names by id, for the Traffic rows when they show every endpoint of a bench that has
 * several; null when the rows are of one endpoint (the filter, or a bench with only one).
 */
export function useEndpointNames(filter: { endpoint?: string }): Map<string, string> | null {
  const { data } = useEndpoints();
  return useMemo(
    () => (filter.endpoint || !data || data.length < 2 ? null : new Map(data.map((e) => [e.id, e.name]))),
    [filter.endpoint, data],
  );
}

/** The endpoint's id as commands take it: absent for the default one (what an engine without endpoints understands). */
export const endpointParam = (id: string | undefined) => (id && id !== DEFAULT_ENDPOINT_ID ? id : undefined);

/** Create, update, reset and delete, each refreshing what it changed once the engine answered. */
export function useEndpointMutations() {
  const bench = useBench();
  const client = useQueryClient();
  const replace = (next: EndpointInfo) =>
    client.setQueryData<EndpointInfo[]>(queryKeys.endpoints, (list) =>
      list ? list.map((e) => (e.id === next.id ? next : e)) : [next],
    );
  const refresh = () =>
    Promise.all([
      client.invalidateQueries({ queryKey: queryKeys.endpoints }),
      client.invalidateQueries({ queryKey: queryKeys.directory }),
      client.invalidateQueries({ queryKey: queryKeys.info }),
    ]);
  return {
    create: useMutation({
      mutationFn: bench.endpoints.create,
      onSuccess: (created) => {
        client.setQueryData<EndpointInfo[]>(queryKeys.endpoints, (list) => [...(list ?? []), created]);
        useUi.getState().selectEndpoint(created.id);
      },
    }),
    update: useMutation({ mutationFn: bench.endpoints.update, onSuccess: replace }),
    reset: useMutation({ mutationFn: (id: string) => bench.endpoints.reset(id), onSuccess: refresh }),
    remove: useMutation({
      mutationFn: (id: string) => bench.endpoints.remove(id),
      onSuccess: async (_removed, id) => {
        if (useUi.getState().endpoint === id) useUi.getState().selectEndpoint(DEFAULT_ENDPOINT_ID);
        await refresh();
      },
    }),
  };
}
