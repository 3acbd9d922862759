/** Which methods each SCIM path answers: 405 with Allow (RFC 9110 §15.5.6), decided before the body is read. */
import { describe, expect, it } from 'vitest';
import { startBench } from '../test/bench-harness';

describe('methods', () => {
  it('a wrong method is 405 with Allow, even with a body that is not JSON', async () => {
    const { scim } = await startBench();
    const cases: [string, string, string][] = [
      ['POST', '/ServiceProviderConfig', 'GET, HEAD'],
      ['PUT', '/Schemas', 'GET, HEAD'],
      ['DELETE', '/ResourceTypes/User', 'GET, HEAD'],
      ['GET', '/Bulk', 'POST'],
      ['GET', '/.search', 'POST'],
      ['PATCH', '/Users', 'GET, HEAD, POST'],
      ['POST', '/Users/abc', 'GET, HEAD, PUT, PATCH, DELETE'],
    ];
    for (const [method, path, allow] of cases) {
      const response = await scim(path, {
        method,
        ...(method === 'GET' ? {} : { body: '{not json', headers: { 'Content-Type': 'application/scim+json' } }),
      });
      expect([method, path, response.status]).toEqual([method, path, 405]);
      expect(response.headers.get('allow')).toBe(allow);
      expect(response.headers.get('content-type')).toMatch(/^application\/scim\+json/);
      expect(((await response.json()) as { detail: string }).detail).toMatch(new RegExp(`^${method} is not allowed`));
    }
  });

  it('HEAD answers like GET without a body; an undecodable or unknown path is a SCIM 4xx, not 500', async () => {
    const { scim } = await startBench();
    const head = await scim('/ServiceProviderConfig', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const undecodable = await scim('/Users/%E0%A4%A');
    expect(undecodable.status).toBe(400);
    expect(undecodable.headers.get('content-type')).toMatch(/^application\/scim\+json/);
    expect((await scim('/ServiceProviderConfig/extra')).status).toBe(404);
  });
});
