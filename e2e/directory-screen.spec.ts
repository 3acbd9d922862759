/**
 * The Directory in Chromium against the real `serve`: pages that say the list is cut, search over
 * userName, displayName and externalId, columns, the selected row, a user's traffic, members sorted
 * and added by the name they are shown with, and test data recorded as console traffic.
 */
import { expect, test, type Page } from '@playwright/test';
import { serve, type Served } from './serve';

const ENTRA = 'Azure Active Directory SCIM Provisioning';
const USERS = 120;

async function scim(bench: Served, method: string, path: string, body?: unknown) {
  const response = await fetch(bench.scimUrl + path, {
    method,
    headers: {
      Authorization: `Bearer ${bench.token}`,
      'Content-Type': 'application/scim+json',
      'User-Agent': ENTRA,
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return response.status === 204 ? null : ((await response.json()) as { id: string });
}

const pad = (i: number) => String(i).padStart(3, '0');

async function open(page: Page, bench: Served) {
  await page.goto(bench.consoleUrl);
  await page.getByRole('button', { name: 'Directory', exact: true }).click();
}

test.describe('directory', () => {
  let bench: Served;
  let carol: string;
  test.beforeAll(async () => {
    bench = await serve();
    for (let i = 1; i <= USERS; i += 20)
      await Promise.all(
        Array.from({ length: 20 }, (_, j) =>
          scim(bench, 'POST', '/Users', {
            userName: `user${pad(i + j)}@contoso.com`,
            displayName: `User ${pad(i + j)}`,
            externalId: `ext-${pad(i + j)}`,
          }),
        ),
      );
    carol = (await scim(bench, 'POST', '/Users', {
      userName: 'carol@contoso.com',
      displayName: 'Carol Jones',
      externalId: 'E-7731',
      active: false,
    }))!.id;
    await scim(bench, 'POST', '/Users', { userName: 'sam.lee@contoso.com', displayName: 'Sam Lee' });
    await scim(bench, 'POST', '/Users', { userName: 'sam.lee@fabrikam.com', displayName: 'Sam Lee' });
    await scim(bench, 'POST', '/Users', { userName: 'no-display@contoso.com' });
    await scim(bench, 'POST', '/Groups', { displayName: 'Engineering' });
  });
  test.afterAll(() => bench.stop());

  test('pages through the users in columns, and says the list is cut', async ({ page }) => {
    await open(page, bench);
    const table = page.getByRole('table', { name: 'Users' });
    await expect(table.getByRole('columnheader')).toHaveText([
      'userName',
      'displayName',
      'externalId',
      'active',
      'created',
    ]);
    const pager = page.getByRole('navigation', { name: 'Pages of users' });
    const total = USERS + 4;
    await expect(pager).toContainText(`Showing 1–50 of ${total} users`);
    await expect(table.locator('tbody tr')).toHaveCount(50);
    await expect(table.locator('tbody tr').first()).toContainText('carol@contoso.comCarol JonesE-7731no'); // sorted by userName
    await pager.getByRole('button', { name: 'Next' }).click();
    await expect(pager).toContainText(`Showing 51–100 of ${total} users`);
    await pager.getByRole('button', { name: 'Next' }).click();
    await expect(pager).toContainText(`Showing 101–${total} of ${total} users`);
    await expect(table.locator('tbody tr')).toHaveCount(total - 100);
    await expect(pager.getByRole('button', { name: 'Next' })).toBeDisabled();
    await pager.getByRole('button', { name: 'Previous' }).click();
    await expect(pager).toContainText(`Showing 51–100 of ${total} users`);
  });

  test('searches userName, displayName and externalId, with values quoted by the typed client', async ({ page }) => {
    await open(page, bench);
    const search = page.getByRole('searchbox', { name: 'Search users' });
    const rows = page.getByRole('table', { name: 'Users' }).locator('tbody tr');
    for (const term of ['carol@', 'Carol Jo', 'E-7731']) {
      await search.fill(term);
      await expect(rows).toHaveCount(1);
      await expect(rows.first()).toContainText('carol@contoso.com');
    }
    await search.fill('User 11'); // displayName: User 110 … User 119
    await expect(page.getByRole('navigation', { name: 'Pages of users' })).toHaveText('10 users');
    await search.fill('say "hi" \\ there'); // quotes and a backslash are data, not a broken filter
    await expect(
      page.getByText('No users match “say "hi" \\ there” in userName, displayName, externalId.'),
    ).toBeVisible();
    await expect(page.getByRole('alert')).toHaveCount(0);
  });

  test('the selected user is highlighted, and its traffic is one click away', async ({ page }) => {
    await open(page, bench);
    const row = page.getByRole('table', { name: 'Users' }).locator('tbody tr').filter({ hasText: 'carol@contoso.com' });
    await row.getByRole('button', { name: 'carol@contoso.com' }).click();
    await expect(row).toHaveClass('selected');
    await expect(row.getByRole('button')).toHaveAttribute('aria-current', 'true');
    const detail = page.getByLabel('User detail');
    await expect(detail.getByRole('heading', { level: 2 })).toHaveText('carol@contoso.com');
    await expect(detail.getByRole('button', { name: 'Enable' })).toBeVisible(); // carol is disabled
    await detail.getByRole('link', { name: "Show this user's traffic" }).click();
    await expect(page).toHaveURL(new RegExp(`#/traffic\\?resourceId=${carol}$`));
    const rows = page.getByRole('row');
    await expect(rows.filter({ hasText: 'Entra created user carol@contoso.com' })).toHaveCount(1);
    await expect(rows.filter({ hasText: 'user001@contoso.com' })).toHaveCount(0);
  });

  test('members are sorted and added by the name they are shown with', async ({ page }) => {
    await open(page, bench);
    await page.getByRole('tab', { name: 'Groups' }).click();
    await expect(page.getByRole('table', { name: 'Groups' }).getByRole('columnheader')).toHaveText([
      'displayName',
      'externalId',
      'created',
    ]);
    await page.getByRole('button', { name: 'Engineering' }).click();
    const members = page.getByRole('region', { name: 'Members' });
    const add = async (name: string) => {
      await members.getByLabel('Member to add').fill(name);
      await members.getByRole('button', { name: 'Add member' }).click();
    };
    await add('User 002'); // a displayName, as members are shown
    await expect(members).toContainText('Members (1)');
    await add('no-display@contoso.com'); // no displayName: shown (and added) by userName
    await add('Carol Jones');
    await expect(members).toContainText('Members (3)');
    await expect(members.getByRole('listitem')).toHaveText([
      'Carol Jones remove',
      'no-display@contoso.com remove',
      'User 002 remove',
    ]);
    await add('Carol Jones');
    await expect(members.getByRole('alert')).toContainText('Carol Jones is already a member');
    await members.getByLabel('Member to add').fill('Sam');
    await expect(members.getByRole('alert')).toHaveCount(0); // the error goes when the field changes
    await add('Sam Lee');
    await expect(members.getByRole('alert')).toContainText(
      '2 users are called Sam Lee: type the userName of the one to add',
    );
    await add('sam.lee@fabrikam.com');
    await expect(members).toContainText('Members (4)');
    await expect(members.getByRole('listitem').nth(2)).toHaveText('Sam Lee remove');
    await members.getByRole('button', { name: 'Remove Carol Jones' }).click();
    await expect(members).toContainText('Members (3)');
    await add('nobody@contoso.com');
    await expect(members.getByRole('alert')).toContainText(
      'No user has the display name or userName nobody@contoso.com',
    );
  });

  test('creates and deletes test data through the SCIM engine, recorded as console traffic', async ({ page }) => {
    await open(page, bench);
    await page.getByLabel('New userName').fill('made-in-console@contoso.com');
    await page.getByRole('button', { name: 'Create user' }).click();
    await page.getByRole('searchbox', { name: 'Search users' }).fill('made-in');
    await page.getByRole('button', { name: 'made-in-console@contoso.com' }).click();
    await expect(page.getByLabel('User detail')).toContainText('"userName": "made-in-console@contoso.com"');
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Delete' }).click();
    await expect(page.getByRole('button', { name: 'made-in-console@contoso.com' })).toHaveCount(0);
    await page.getByRole('button', { name: 'Traffic', exact: true }).click();
    await page.getByRole('combobox', { name: 'Client', exact: true }).selectOption('console');
    await expect(
      page.getByRole('row').filter({ hasText: 'The console created user made-in-console@contoso.com' }),
    ).toHaveCount(1);
    await expect(page.getByRole('row').filter({ hasText: 'The console deleted user' })).toHaveCount(1);
  });
});
