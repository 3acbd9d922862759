/**
 * The Backup screen never loses the folder: what is in the field is what is saved, changing it
 * says what will happen first, and a share folder recreated empty has a way out. Real Chromium,
 * the real `serve`, real folders.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { serve } from './serve';

test.describe.configure({ timeout: 60_000 }); // each starts serve and backs up for real

const shareRoot = () => mkdtempSync(path.join(os.tmpdir(), 'scim-bench-e2e-share-'));

async function openBackup(page: Page, consoleUrl: string) {
  await page.goto(consoleUrl);
  await page.getByRole('button', { name: 'Backup', exact: true }).click();
  return page.getByRole('region', { name: 'Backup', exact: true });
}

test('"Use this folder" without editing the field keeps the folder, and says so', async ({ page }) => {
  const folder = shareRoot();
  const bench = await serve(['--backup-dir', folder]);
  try {
    const screen = await openBackup(page, bench.consoleUrl);
    await expect(screen.getByLabel('Backup folder')).toHaveValue(folder);
    await screen.getByRole('button', { name: 'Use this folder' }).click();
    await expect(screen.getByRole('status').filter({ hasText: `Backups already go to ${folder}.` })).toBeVisible();
    await page.reload();
    await page.getByRole('button', { name: 'Backup', exact: true }).click();
    await expect(screen.getByLabel('Backup folder')).toHaveValue(folder); // still there after a reload
    await expect(page.getByLabel('Backup status')).not.toHaveAttribute('data-state', 'disabled');
    // Nothing was saved (the folder did not change): not "no folder", as an unedited field once saved.
    const settings = path.join(bench.dataDir, 'settings.json');
    if (existsSync(settings)) expect(JSON.parse(readFileSync(settings, 'utf8')).backupDir).toBe(folder);
  } finally {
    await bench.stop();
  }
});

test('changing the folder says what will happen, asks before creating one, and refuses a relative path', async ({
  page,
}) => {
  const root = shareRoot();
  const first = path.join(root, 'first');
  mkdirSync(first);
  const bench = await serve(['--backup-dir', first]);
  try {
    const screen = await openBackup(page, bench.consoleUrl);
    const field = screen.getByLabel('Backup folder');
    const verdict = screen.locator('#backup-folder-verdict');

    await field.fill('backups/scim-bench');
    await expect(verdict).toHaveText(/^backups\/scim-bench is not a full path/);
    await expect(verdict).toHaveAttribute('data-can-save', 'false');
    await screen.getByRole('button', { name: 'Use this folder' }).click();
    await expect(screen.getByRole('alert')).toContainText(
      'Could not use that folder: backups/scim-bench is not a full path',
    );
    await field.fill('other/relative');
    await expect(screen.getByRole('alert')).toBeHidden(); // moving on clears an error about the folder before
    await screen.getByRole('button', { name: 'Use this folder' }).click();
    await expect(screen.getByRole('alert')).toContainText('other/relative is not a full path');
    await screen.getByRole('alert').getByRole('button', { name: 'Dismiss' }).click();
    await expect(screen.getByRole('alert')).toBeHidden();

    const next = path.join(root, 'next');
    await field.fill(next);
    await expect(verdict).toHaveText(
      `${next} does not exist yet: it will be created in ${root}. Backups will go to ${next} from the next run; the generations in ${first} stay there.`,
    );
    let asked = '';
    page.once('dialog', (dialog) => {
      asked = dialog.message();
      void dialog.dismiss();
    });
    await screen.getByRole('button', { name: 'Use this folder' }).click();
    await expect.poll(() => asked).toContain(`Use ${next} for backups?`);
    expect(existsSync(next)).toBe(false); // said no: nothing made, nothing saved

    page.once('dialog', (dialog) => void dialog.accept());
    await screen.getByRole('button', { name: 'Use this folder' }).click();
    await expect(verdict).toHaveText(/^Saved\. .* does not exist yet: it will be created/);
    expect(existsSync(next)).toBe(true);
    await page.getByLabel('Backup status').click(); // back up now, to the new folder
    await expect(page.getByLabel('Backup status')).toHaveAttribute('data-state', 'ok', { timeout: 10_000 });
    expect(existsSync(path.join(next, 'manifest.json'))).toBe(true);

    page.once('dialog', (dialog) => void dialog.accept());
    await screen.getByRole('button', { name: 'Turn backups off' }).click();
    await expect(verdict).toHaveText(`Backups are off. The generations in ${next} stay there.`);
    await expect(page.getByLabel('Backup status')).toHaveAttribute('data-state', 'disabled');
    await expect(screen).toContainText('Backups are off: nothing is copied anywhere.');
  } finally {
    await bench.stop();
  }
});

test('a share folder recreated empty is offered a new backup set, after a confirmation', async ({ page }) => {
  const root = shareRoot();
  const folder = path.join(root, 'scim-bench');
  mkdirSync(folder);
  const bench = await serve(['--backup-dir', folder]);
  try {
    const screen = await openBackup(page, bench.consoleUrl);
    await screen.getByRole('button', { name: 'Back up now' }).click();
    await expect(page.getByLabel('Backup status')).toHaveAttribute('data-state', 'ok', { timeout: 10_000 });
    const oldMarker = readFileSync(path.join(folder, '.scim-bench-backup'), 'utf8');

    rmSync(folder, { recursive: true });
    mkdirSync(folder); // the share's folder, recreated empty
    await screen.getByRole('button', { name: 'Back up now' }).click();
    await expect(page.getByLabel('Backup status')).toHaveAttribute('data-state', 'offline', { timeout: 10_000 });
    const offer = screen.getByRole('region', { name: 'Start a new backup set' });
    await expect(offer).toContainText(`${folder} was this machine's backup folder, but its marker file is gone`);

    page.once('dialog', (dialog) => void dialog.dismiss());
    await offer.getByRole('button', { name: 'Start a new backup set in this folder' }).click();
    expect(existsSync(path.join(folder, '.scim-bench-backup'))).toBe(false); // not without a yes

    let asked = '';
    page.once('dialog', (dialog) => {
      asked = dialog.message();
      void dialog.accept();
    });
    await offer.getByRole('button', { name: 'Start a new backup set in this folder' }).click();
    await expect(screen.getByRole('status').filter({ hasText: 'A new backup set was started' })).toBeVisible({
      timeout: 10_000,
    });
    expect(asked).toContain('Do this only if the share is mounted and the folder was recreated on purpose');
    await expect(page.getByLabel('Backup status')).toHaveAttribute('data-state', 'ok');
    const newMarker = readFileSync(path.join(folder, '.scim-bench-backup'), 'utf8');
    expect(newMarker).not.toBe(oldMarker);
    await expect(screen.getByRole('table', { name: 'Generations' }).getByRole('row')).toHaveCount(2); // header + 1
  } finally {
    await bench.stop();
  }
});
