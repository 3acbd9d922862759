// `npm start`: the desktop app where an Electron runtime exists; otherwise say why and run the
// headless bench (the same engine and UI, in a browser).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function electronBinary() {
  try {
    const binary = require('electron'); // the package exports the path to the runtime
    if (typeof binary === 'string' && existsSync(binary)) return binary;
  } catch {
    /* not downloaded */
  }
  // Try to fetch the runtime once (npm ci skips it: see "allowScripts" in package.json).
  const fetched = spawnSync(process.execPath, ['node_modules/electron/install.js'], {
    stdio: 'ignore',
    timeout: 120_000,
  });
  if (fetched.status === 0) {
    try {
      delete require.cache[require.resolve('electron')];
      const binary = require('electron');
      if (typeof binary === 'string' && existsSync(binary)) return binary;
    } catch {
      /* still missing */
    }
  }
  return null;
}

const binary = process.env.SCIM_BENCH_HEADLESS ? null : electronBinary();
const noDisplay = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;

if (binary && !noDisplay) {
  // Flags after `npm start --` reach the app too (the desktop app reads --trust-proxy).
  const child = spawn(binary, ['.', ...process.argv.slice(2)], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  const why = !binary
    ? 'the Electron runtime is not installed and could not be downloaded here (its binary comes from GitHub)'
    : 'there is no display (DISPLAY/WAYLAND_DISPLAY unset)';
  console.log(`SCIM Bench: starting the headless bench, because ${why}.`);
  console.log('Open the Console URL below in a browser: it is the same UI as the desktop app.\n');
  const child = spawn(process.execPath, ['dist/cli.mjs', 'serve', ...process.argv.slice(2)], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 0));
}
