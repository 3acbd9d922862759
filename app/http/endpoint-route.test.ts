import { describe, expect, it } from 'vitest';
import { routeOf } from './endpoint-route';

describe('the endpoint a path is for', () => {
  it.each([
    ['/scim/v2/Users', { name: null, base: '/scim/v2', rest: '/Users' }],
    ['/scim/v2', { name: null, base: '/scim/v2', rest: '/' }],
    ['/scim/Users/7', { name: null, base: '/scim', rest: '/Users/7' }],
    ['/oauth/token', { name: null, base: null, rest: '/oauth/token' }],
    ['/scim/okta-org/v2/Users', { name: 'okta-org', base: '/scim/okta-org/v2', rest: '/Users' }],
    ['/scim/okta-org/v2', { name: 'okta-org', base: '/scim/okta-org/v2', rest: '/' }],
    ['/scim/okta-org/oauth/token', { name: 'okta-org', base: null, rest: '/oauth/token' }],
    // A reserved name is a SCIM path of the default endpoint, never an endpoint.
    ['/scim/Users/v2', { name: null, base: '/scim', rest: '/Users/v2' }],
    ['/scim/v2/v2/Users', { name: null, base: '/scim/v2', rest: '/v2/Users' }],
  ])('%s', (path, route) => {
    expect(routeOf(path)).toEqual(route);
  });

  it('is nothing outside /scim and the token URL', () => {
    expect(routeOf('/')).toBeNull();
    expect(routeOf('/admin')).toBeNull();
    expect(routeOf('/scimx/v2/Users')).toBeNull();
  });
});
