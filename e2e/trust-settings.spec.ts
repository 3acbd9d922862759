/** Settings: an interval under a minute is valid and shown in seconds; a field in error never blocks the others. */
import { expect, test } from '@playwright/test';
import { serve } from './serve';

test('a 10-second backup interval shows in seconds and saves, and one bad field does not block the rest', async ({
  page,
}) => {
  const bench = await serve(['--backup-interval', '10s']);
  try {
    await page.goto(bench.consoleUrl);
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    const screen = page.getByRole('region', { name: 'Settings' });
    const interval = screen.getByLabel('Every');
    const unit = screen.getByLabel('Unit of the backup interval');
    await expect(interval).toHaveValue('10');
    await expect(unit).toHaveValue('s');

    // An untouched form saves (it once could not: 0.1666… minutes failed the browser's own check).
    await screen.getByRole('button', { name: 'Save settings' }).click();
    await expect(screen.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();

    // A bad field is named and not saved; the others are.
    await screen.getByLabel('Strict mode').check();
    await interval.fill('5');
    await screen.getByLabel('Generations kept').fill('three');
    await screen.getByLabel('Days').fill('14');
    await screen.getByRole('button', { name: 'Save settings' }).click();
    await expect(screen.getByRole('status').filter({ hasText: 'Saved everything else' })).toHaveText(
      /not saved: Backup interval, Generations kept/,
    );
    await expect(screen).toContainText('Backup interval must be at least 10 s — not saved');
    await expect(screen).toContainText('Generations kept must be a whole number from 1 to 1,000 — not saved');
    await expect(interval).toHaveAttribute('aria-invalid', 'true');

    await page.reload();
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    await expect(screen.getByLabel('Strict mode')).toBeChecked();
    await expect(screen.getByLabel('Days')).toHaveValue('14');
    await expect(interval).toHaveValue('10'); // kept as it was
    await expect(screen.getByLabel('Generations kept')).toHaveValue('10');

    await interval.fill('90');
    await unit.selectOption('s');
    await screen.getByRole('button', { name: 'Save settings' }).click();
    await expect(screen.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
    await page.getByRole('button', { name: 'Backup', exact: true }).click();
    await expect(page.getByRole('region', { name: 'Backup', exact: true })).toContainText('Every 1 min 30 s');
  } finally {
    await bench.stop();
  }
});
