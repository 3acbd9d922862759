/**
 * The filters a profile answers (`filter.supported`, `filter.only`): anything else is a 400
 * `invalidFilter` that names what is supported, as an app with a narrower filter parser answers.
 */
import type { Profile } from '../../shared/profile';
import { badRequest } from '../scim/errors';
import type { AttrPath, Filter } from '../scim/filter-parser';

/** The path as a pair names it: a core schema's URN is the default, so `urn:…:core:2.0:User:userName` is `userName`. */
const pathText = (p: AttrPath) =>
  `${p.urn && !/:core:2\.0:(User|Group)$/i.test(p.urn) ? `${p.urn}:` : ''}${p.attr}${p.sub ? `.${p.sub}` : ''}`;

/**
 * Throws unless the profile answers this filter. With `only`, a filter is one comparison of a listed
 * `attribute operator` pair (no `and`, `or`, `not` or brackets): what an app that documents
 * "`userName eq` only" parses.
 */
export function checkFilterSupported(filter: Filter, profile: Profile): void {
  if (!profile.filter.supported)
    throw badRequest('This endpoint does not support filtering (see /ServiceProviderConfig)', 'invalidFilter');
  const only = profile.filter.only;
  if (!only) return;
  const supported = `this endpoint supports only ${only.map((p) => `"${p}"`).join(', ')}`;
  if (filter.kind !== 'compare' && filter.kind !== 'present')
    throw badRequest(`A filter here is one comparison: ${supported}`, 'invalidFilter');
  const pair = `${pathText(filter.path)} ${filter.kind === 'present' ? 'pr' : filter.op}`.toLowerCase();
  if (!only.some((p) => p.toLowerCase() === pair))
    throw badRequest(`"${pair}" is not supported: ${supported}`, 'invalidFilter');
}
