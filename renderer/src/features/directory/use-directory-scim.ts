import { DEFAULT_ENDPOINT_ID } from '../../../../shared/endpoints';
import { useScim } from '../../api/bench-context';
import { endpointParam, useSelectedEndpoint } from '../endpoints/use-endpoints';

/** The Directory's SCIM client: the selected endpoint's, and its id for query keys and traffic links. */
export function useDirectoryScim() {
  const id = useSelectedEndpoint()?.id ?? DEFAULT_ENDPOINT_ID;
  return { scim: useScim(endpointParam(id)), endpoint: id };
}
