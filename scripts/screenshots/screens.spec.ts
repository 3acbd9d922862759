/**
 * `npm run screenshots`: every console screen, light and dark, into docs/screenshots/, from a real
 * `serve` with a little provisioning history. Not part of `npm test`.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from '@playwright/test';
import type { EndpointInfo } from '../../shared/endpoints';
import { command, scimTo } from '../../e2e/endpoint-helpers';
import { serve, type Served } from '../../e2e/serve';

const SCREENS = ['traffic', 'activity', 'directory', 'endpoints', 'backup', 'connect', 'settings'];
let bench: Served;

test.beforeAll(async () => {
  const share = path.join(mkdtempSync(path.join(os.tmpdir(), 'scim-bench-shots-')), 'share');
  mkdirSync(share);
  bench = await serve(['--backup-dir', share]);
  const call = async (method: string, p: string, body?: unknown, ua = 'Azure Active Directory SCIM Provisioning') => {
    const r = await fetch(bench.scimUrl + p, {
      method,
      headers: { Authorization: `Bearer ${bench.token}`, 'Content-Type': 'application/scim+json', 'User-Agent': ua },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return r.status === 204 ? null : ((await r.json()) as { id: string });
  };
  const patch = (ops: unknown[]) => ({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: ops });
  const ids: string[] = [];
  for (const name of ['alice', 'bob', 'carol', 'dave']) {
    await call('GET', `/Users?filter=${encodeURIComponent(`userName eq "${name}@contoso.com"`)}`);
    ids.push(
      (await call('POST', '/Users', {
        userName: `${name}@contoso.com`,
        active: 'True',
        name: { givenName: name, familyName: 'Example' },
        emails: [{ value: `${name}@contoso.com`, type: 'work', primary: true }],
      }))!.id,
    );
  }
  const group = await call('POST', '/Groups', { displayName: 'Engineering' });
  await call(
    'PATCH',
    `/Groups/${group!.id}`,
    patch([{ op: 'Add', path: 'members', value: ids.slice(0, 3).map((value) => ({ value })) }]),
  );
  await call('PATCH', `/Users/${ids[1]}`, patch([{ op: 'Replace', path: 'active', value: 'False' }]));
  await call(
    'PATCH',
    `/Users/${ids[2]}`,
    patch([
      {
        op: 'Add',
        value: {
          'name.givenName': 'Caroline',
          'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department': 'R&D',
        },
      },
    ]),
  );
  await call('POST', '/Users', { userName: 'okta.user@contoso.com' }, 'Okta SCIM Client 1.0.0');
  await fetch(`${bench.scimUrl}/Users`, { headers: { Authorization: 'Bearer wrong' } });
  await fetch(`${bench.consoleUrl.replace(/\?.*$/, '')}`);
  // A second endpoint, shaped like a typical SaaS app, with a custom extension.
  const okta = await command<EndpointInfo>(bench, 'endpoints:create', {
    name: 'saas-app',
    preset: 'typical-saas',
    schema: {
      extensions: [
        {
          id: 'urn:example:params:scim:schemas:extension:hr:2.0:User',
          name: 'HR',
          attributes: [
            { name: 'costCenter', type: 'string', caseExact: true },
            { name: 'badge', type: 'complex', subAttributes: [{ name: 'number', type: 'integer' }] },
          ],
        },
      ],
    },
  });
  await scimTo(okta, 'POST', '/Users', { userName: 'erin@contoso.com' });
});
test.afterAll(() => bench.stop());

for (const scheme of ['light', 'dark'] as const) {
  test(`screens, ${scheme}`, async ({ browser }) => {
    const page = await browser.newPage({ viewport: { width: 1360, height: 760 }, colorScheme: scheme });
    await page.goto(bench.consoleUrl);
    await page.getByLabel('Backup status').click();
    for (const screen of SCREENS) {
      await page.getByRole('button', { name: screen[0]!.toUpperCase() + screen.slice(1), exact: true }).click();
      if (screen === 'traffic') await page.getByRole('row').filter({ hasText: 'disabled user' }).click();
      if (screen === 'directory') await page.getByRole('button', { name: 'carol@contoso.com' }).click();
      if (screen === 'endpoints') await page.getByRole('button', { name: 'saas-app', exact: true }).click();
      if (screen === 'connect') {
        // The steps as an admin sees them once the tunnel's host is given: the Tenant URL built from it.
        await page.getByLabel('Tunnel host').fill('bench-demo.trycloudflare.com');
        await page.getByRole('button', { name: 'Use this host' }).click();
        await page.getByRole('button', { name: 'Test the local endpoint' }).click();
        await page.waitForTimeout(300);
        await page.evaluate(() => document.querySelectorAll('main, main *').forEach((el) => el.scrollTo?.(0, 0)));
        await page.evaluate(() => window.scrollTo(0, 0));
      }
      await page.waitForTimeout(400);
      await page.screenshot({ path: `docs/screenshots/${screen}-${scheme}.png` });
    }
    await page.close();
  });
}
