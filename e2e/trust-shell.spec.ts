/** The shell: a favicon, a title that says where you are, and a first run that says what to do next. */
import { expect, test } from '@playwright/test';
import { serve } from './serve';

test('a new bench shows its next step, the tab is titled by the screen, and the favicon is served', async ({
  page,
}) => {
  const bench = await serve();
  try {
    await page.goto(bench.consoleUrl);
    await expect(page).toHaveTitle('Traffic · SCIM Bench');
    // The first screen a new user sees says what to do next, not only that nothing arrived.
    await expect(page.getByRole('region', { name: 'Getting started' })).toContainText(
      'No requests yet. Next: expose the SCIM port',
    );
    const icon = await page.locator('link[rel="icon"]').getAttribute('href');
    const served = await page.request.get(new URL(icon!, page.url()).href);
    expect(served.status()).toBe(200);
    expect(served.headers()['content-type']).toContain('image/svg+xml');

    await page.getByRole('button', { name: 'Activity', exact: true }).click();
    await expect(page).toHaveTitle('Activity · SCIM Bench');
    const start = page.getByRole('region', { name: 'Getting started' });
    await expect(start).toContainText('No provisioning cycles yet. Next: expose the SCIM port');
    await start.getByRole('button', { name: 'Show me how (Connect)' }).click();
    await expect(page.getByRole('region', { name: 'Connect' })).toBeVisible();
    await expect(page).toHaveTitle('Connect · SCIM Bench');
  } finally {
    await bench.stop();
  }
});
