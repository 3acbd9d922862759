/**
 * What a profile changes about a request before the service does its work: features turned off
 * (answered as the app without them would), the filters, pages and parameters it honours.
 * docs/profiles.md explains each choice.
 */
import type { Operation } from '../../shared/operations';
import type { Profile } from '../../shared/profile';
import type { Dialect } from '../scim/dialect';
import { ScimError, badRequest, notFound } from '../scim/errors';
import { parseFilter, type Filter } from '../scim/filter-parser';
import { parseProjection, type Projection } from '../scim/projection';
import type { ResourceType } from '../scim/schemas';
import { checkFilterSupported } from './filter-support';

/**
 * Throws for a feature the profile turns off. Groups off: /Groups is not there (404), as in an app
 * that has none. Bulk or `.search` off: the SCIM path exists in the protocol but not in this app,
 * so 501 Not Implemented (RFC 7644 §3.7 points to the service provider config for Bulk).
 */
export function refuseTurnedOff(
  first: string,
  id: string | undefined,
  profile: Profile,
  outcome: { operation: Operation },
) {
  if (first === 'groups' && !profile.groups) {
    outcome.operation = 'not-found';
    throw notFound('This endpoint has no Groups: its profile turns them off (see /ResourceTypes)');
  }
  if (first === 'bulk' && !profile.bulk.supported)
    throw new ScimError(501, 'This endpoint does not support Bulk (/ServiceProviderConfig says bulk.supported false)');
  if ((first === '.search' || id === '.search') && !profile.search)
    throw new ScimError(501, 'This endpoint does not support POST .search; use GET with a filter');
}

/** A filter the profile answers, parsed (else 400 invalidFilter naming what it supports). */
export function supportedFilter(text: string, profile: Profile): Filter {
  const filter = parseFilter(text);
  checkFilterSupported(filter, profile);
  return filter;
}

/** RFC 7644 §3.4.2: a filter that would answer more than the server will process is 400 tooMany. */
export function checkMaxResults(total: number, profile: Profile): void {
  if (total > profile.filter.maxResults)
    throw badRequest(
      `The filter matches ${total} resources; this endpoint answers at most ${profile.filter.maxResults} (filter.maxResults). Narrow the filter`,
      'tooMany',
    );
}

/**
 * A query parameter the profile does not honour is ignored with a note, as an app without the
 * feature would (RFC 7644 §3.4.2.3 makes sorting optional and says nothing of refusing sortBy).
 */
export function honoured(value: string | undefined, on: boolean, name: string, dialect: Dialect): string | undefined {
  if (value === undefined || value === '' || on) return value;
  dialect.inform('not-honoured', `sent ${name}, which this endpoint's profile does not honour; it was ignored`);
  return undefined;
}

/** `attributes` and (when the profile honours it) `excludedAttributes`. */
export function projectionOf(
  type: ResourceType,
  q: Record<string, string | undefined>,
  profile: Profile,
  dialect: Dialect,
): Projection {
  const excluded = honoured(q.excludedAttributes, profile.excludedAttributes, 'excludedAttributes', dialect);
  return parseProjection(type, q.attributes, excluded);
}
