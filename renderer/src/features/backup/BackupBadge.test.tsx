// @vitest-environment happy-dom
/**
 * A component test with a fake bridge: the same BenchApi interface the real transports implement,
 * answering from memory, so the badge renders and reacts without an engine.
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BenchApi } from '../../../../shared/api';
import { BenchProvider } from '../../api/bench-context';
import { BackupBadge } from './BackupBadge';
import type { BackupStatus } from '../../../../shared/types';

const status = (patch: Partial<BackupStatus>): BackupStatus => ({
  state: 'idle',
  target: '/mnt/share',
  intervalMs: 300_000,
  lastSuccess: null,
  lastAttempt: null,
  lastError: null,
  nextRun: new Date(Date.now() + 240_000).toISOString(),
  sizeBytes: null,
  generations: 0,
  conflict: null,
  ...patch,
});

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
afterEach(() => {
  document.body.innerHTML = '';
});

/** Lets React and the query settle until `find` returns something. */
async function until<T>(find: () => T | null): Promise<T> {
  for (let i = 0; i < 50; i++) {
    const found = find();
    if (found) return found;
    await act(() => new Promise((r) => setTimeout(r, 10)));
  }
  throw new Error('the component never showed what was expected');
}

describe('BackupBadge', () => {
  it('shows the status from the engine and backs up on click', async () => {
    const runNow = vi.fn(async () =>
      status({ state: 'ok', lastSuccess: new Date().toISOString(), sizeBytes: 3.2 * 1024 * 1024 }),
    );
    const api = { backup: { status: async () => status({}), runNow } } as unknown as BenchApi;
    const container = document.createElement('div');
    document.body.append(container);
    const client = new QueryClient();
    await act(async () => {
      createRoot(container).render(
        <QueryClientProvider client={client}>
          <BenchProvider bench={{ api, desktop: null }}>
            <BackupBadge />
          </BenchProvider>
        </QueryClientProvider>,
      );
    });
    const badge = await until(() => container.querySelector<HTMLButtonElement>('button[aria-label^="Backup status"]'));
    expect(badge.textContent).toBe('Backup due in 4 min');
    expect(badge.dataset.state).toBe('idle');
    await act(async () => badge.click());
    expect(runNow).toHaveBeenCalledOnce();
    await until(() => (badge.textContent === 'Backed up just now · 3.2 MB' ? badge : null));
    expect(badge.dataset.state).toBe('ok');
  });
});
