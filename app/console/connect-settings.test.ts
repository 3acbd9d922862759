/** What Connect needs from the engine: the tunnel host remembered across a restart, and whether --trust-proxy is on. */
import { describe, expect, it } from 'vitest';
import { dispatch } from '../commands';
import { engineOptions, parseCommandLine } from '../config';
import { Engine } from '../engine';
import { loadSettings } from '../settings';
import { tempDir } from '../test/temp-dir';

async function open(dataDir: string, flags: string[] = []) {
  const command = parseCommandLine(['serve', '--port', '0', '--data-dir', dataDir, ...flags], {});
  if (command.kind !== 'serve') throw new Error('not serve');
  const engine = await Engine.open(engineOptions(command.config, loadSettings(dataDir)));
  await engine.listen();
  return engine;
}

describe('the tunnel host setting', () => {
  it('is saved in its normal form, survives a restart, and can be cleared', async () => {
    const dataDir = tempDir();
    const first = await open(dataDir);
    const saved = await dispatch(first.handlers, 'settings:update', {
      tunnelHost: ' https://Bench-Demo.trycloudflare.com/scim/v2 ',
    });
    expect(saved).toMatchObject({ tunnelHost: 'bench-demo.trycloudflare.com' });
    await first.close(0);
    const second = await open(dataDir);
    try {
      expect(second.settings().tunnelHost).toBe('bench-demo.trycloudflare.com');
      await dispatch(second.handlers, 'settings:update', { tunnelHost: null });
      expect(second.settings().tunnelHost).toBeNull();
    } finally {
      await second.close(0);
    }
  });

  it('refuses what is not a host, saying why, and keeps the one it had', async () => {
    const engine = await open(tempDir());
    try {
      await dispatch(engine.handlers, 'settings:update', { tunnelHost: 'bench-demo.trycloudflare.com' });
      await expect(dispatch(engine.handlers, 'settings:update', { tunnelHost: 'not a host!' })).rejects.toMatchObject({
        status: 400,
        message: expect.stringContaining('tunnelHost: "not a host!" is not a host name'),
      });
      expect(engine.settings().tunnelHost).toBe('bench-demo.trycloudflare.com');
    } finally {
      await engine.close(0);
    }
  });
});

describe('info.trustProxy', () => {
  it('says whether the bench was started with --trust-proxy', async () => {
    for (const [flags, on] of [
      [[], false],
      [['--trust-proxy'], true],
    ] as const) {
      const engine = await open(tempDir(), [...flags]);
      try {
        expect((await dispatch(engine.handlers, 'info:get', undefined)) as { trustProxy: boolean }).toMatchObject({
          trustProxy: on,
        });
      } finally {
        await engine.close(0);
      }
    }
  });
});
