/**
 * Every screen of the console, in both themes, checked by axe-core in Chromium: no serious or
 * critical WCAG 2 A/AA violation. A bench with real traffic, so the lists and panes are not empty.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { command } from './endpoint-helpers';
import { serve, type Served } from './serve';

const SCREENS = [
  'Traffic',
  'Activity',
  'Directory',
  'Endpoints',
  'Faults',
  'Backup',
  'Connect',
  'Check',
  'Settings',
] as const;

async function seed(bench: Served) {
  const send = (method: string, p: string, body?: unknown) =>
    fetch(bench.scimUrl + p, {
      method,
      headers: {
        Authorization: `Bearer ${bench.token}`,
        'Content-Type': 'application/scim+json',
        'User-Agent': 'Azure Active Directory SCIM Provisioning',
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
  const user = (await (await send('POST', '/Users', { userName: 'ada@contoso.com', active: 'True' })).json()) as {
    id: string;
  };
  await send('POST', '/Groups', { displayName: 'Engineers', members: [{ value: user.id }] });
  await send('PATCH', `/Users/${user.id}`, {
    schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
    Operations: [{ op: 'Replace', path: 'nosuchattribute', value: 'x' }],
  }); // a 400, so an error row and its detail are checked too
  await fetch(`${bench.scimUrl}/Users`); // a 401
  // A second endpoint with a declared extension: the header's switcher and the editors have content.
  await command(bench, 'endpoints:create', {
    name: 'okta-test',
    preset: 'typical-saas',
    schema: {
      extensions: [
        {
          id: 'urn:example:params:scim:schemas:extension:hr:2.0:User',
          name: 'HR',
          attributes: [
            { name: 'costCenter', type: 'string' },
            { name: 'badge', type: 'complex', subAttributes: [{ name: 'number', type: 'integer' }] },
          ],
        },
      ],
    },
  });
}

/** Serious and critical violations, each as one readable line. */
async function violations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`${colorScheme} theme`, () => {
    test.use({ colorScheme });
    let bench: Served;
    test.beforeAll(async () => {
      bench = await serve();
      await seed(bench);
    });
    test.afterAll(() => bench.stop());

    test('no screen has a serious or critical axe-core violation', async ({ page }) => {
      await page.goto(bench.consoleUrl);
      const found: Record<string, string[]> = {};
      for (const screen of SCREENS) {
        await page
          .getByRole('navigation', { name: 'Screens' })
          .getByRole('button', { name: screen, exact: true })
          .click();
        await expect(page.getByRole('button', { name: screen, exact: true })).toHaveAttribute('aria-current', 'page');
        if (screen === 'Endpoints') {
          // The selected endpoint with its profile fields and an attribute form open.
          await page.getByRole('button', { name: 'okta-test', exact: true }).click();
          await page.getByRole('button', { name: 'Edit the fields…' }).click();
          await page.getByRole('button', { name: 'Edit badge' }).click();
        }
        if (screen === 'Traffic') {
          await expect(page.getByRole('row').nth(1)).toBeVisible();
          await page.getByRole('row').nth(1).click(); // the detail pane as well as the list
        }
        await page.waitForLoadState('networkidle');
        const list = await violations(page);
        if (list.length) found[screen] = list;
      }
      expect(found).toEqual({});
    });
  });
}
