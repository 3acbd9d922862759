/**
 * Connect in Chromium against the real `serve`: the numbered steps an Entra admin follows, the
 * Tenant URL from a validated and remembered tunnel host, the test through a tunnel with its
 * errors in words, rotating the token, and waiting for Entra's first request.
 *
 * The "tunnel" is a real https server on this machine with a certificate from a test authority
 * that the bench is told to trust (NODE_EXTRA_CA_CERTS), as a tunnel's certificate is trusted.
 */
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { expect, test, type Page } from '@playwright/test';
import { testCertificates } from '../app/test/test-certificates';
import { serve, type Served } from './serve';

const ENTRA = 'Azure Active Directory SCIM Provisioning';

async function open(page: Page, bench: Served) {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto(bench.consoleUrl);
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
}

const clipboard = (page: Page) => page.evaluate(() => navigator.clipboard.readText());

const step = (page: Page, n: number) => page.getByRole('listitem').filter({ has: page.locator(`#step-${n}`) });

async function useHost(page: Page, host: string) {
  await page.getByLabel('Tunnel host').fill(host);
  await page.getByRole('button', { name: 'Use this host' }).click();
}

/** A request as Entra sends it, with the given token. */
const asEntra = (bench: Served, token = bench.token, path = '/Users?filter=userName%20eq%20%22x%22') =>
  fetch(bench.scimUrl + path, { headers: { Authorization: `Bearer ${token}`, 'User-Agent': ENTRA } });

test.describe('connect, step by step', () => {
  test('step 1 gives each tunnel command with a copy button and says --trust-proxy is off, and how to turn it on', async ({
    page,
  }) => {
    const bench = await serve();
    try {
      await open(page, bench);
      const port = new URL(bench.scimUrl).port;
      const one = step(page, 1);
      await expect(one.getByRole('heading')).toHaveText('1 Expose the SCIM port');
      await expect(one.getByRole('group', { name: 'cloudflared command' }).locator('code')).toHaveText(
        `cloudflared tunnel --url http://127.0.0.1:${port}`,
      );
      await expect(one.getByRole('group', { name: 'ngrok command' }).locator('code')).toHaveText(`ngrok http ${port}`);
      await expect(one.getByRole('group', { name: 'Dev Tunnels command' }).locator('code')).toHaveText(
        `devtunnel host -p ${port} --allow-anonymous`,
      );
      await one.getByRole('group', { name: 'ngrok command' }).getByRole('button', { name: 'Copy' }).click();
      expect(await clipboard(page)).toBe(`ngrok http ${port}`);
      const trust = one.getByLabel('Trust proxy');
      await expect(trust).toContainText('--trust-proxy is off');
      await expect(trust).toContainText(`name http://127.0.0.1:${port}`);
      await expect(trust.getByRole('group', { name: 'npm start command' }).locator('code')).toHaveText(
        'npm start -- --trust-proxy',
      );
      await trust.getByRole('button', { name: 'Copy' }).click();
      expect(await clipboard(page)).toBe('npm start -- --trust-proxy');
      // The four steps in order, and OAuth in its own section.
      await expect(page.locator('.connect-steps h3')).toHaveText([
        '1 Expose the SCIM port',
        '2 Paste the Tenant URL and Secret Token into Entra',
        '3 Test through the tunnel',
        '4 Start provisioning and watch the first cycle arrive',
      ]);
      const oauth = page.getByRole('region', { name: /OAuth 2.0 client credentials/ });
      await expect(oauth).toContainText('Client ID');
      await expect(oauth).toContainText('Give your tunnel');
    } finally {
      await bench.stop();
    }
    const trusting = await serve(['--trust-proxy']);
    try {
      await open(page, trusting);
      await expect(page.getByLabel('Trust proxy')).toHaveText(/^✓ --trust-proxy is on/);
      await expect(page.getByRole('group', { name: 'npm start command' }).locator('code')).toHaveCount(0);
    } finally {
      await trusting.stop();
    }
  });

  test('step 2: the Tenant URL comes from a validated host, refused in words, remembered across a reload and a restart', async ({
    page,
  }) => {
    let bench = await serve();
    try {
      await open(page, bench);
      const two = step(page, 2);
      await expect(two).toContainText('Give your tunnel');
      await useHost(page, 'not a host!');
      await expect(page.getByRole('alert')).toHaveText(
        '"not a host!" is not a host name: use letters, digits, hyphens and dots, like bench-demo.trycloudflare.com',
      );
      await expect(two).toContainText('Give your tunnel'); // no Tenant URL from it
      await expect(page.locator('body')).not.toContainText('https://not a host!');
      await page.getByLabel('Tunnel host').fill('https://bench-demo.trycloudflare.com/');
      await expect(page.getByRole('alert')).toHaveCount(0); // the error goes when the field changes
      await page.getByRole('button', { name: 'Use this host' }).click();
      await expect(page.getByLabel('Tenant URL', { exact: true })).toHaveValue(
        'https://bench-demo.trycloudflare.com/scim/v2',
      );
      await expect(page.getByLabel('Tunnel host')).toHaveValue('bench-demo.trycloudflare.com');
      await two.getByRole('button', { name: 'Copy Tenant URL' }).click();
      expect(await clipboard(page)).toBe('https://bench-demo.trycloudflare.com/scim/v2');
      // The Secret Token: masked until revealed, copied whole.
      const secret = page.getByLabel('Secret Token', { exact: true });
      await expect(secret).toHaveAttribute('type', 'password');
      await two.getByRole('button', { name: 'Copy Secret Token' }).click();
      expect(await clipboard(page)).toBe(bench.token);
      await two.getByRole('button', { name: 'Reveal' }).click();
      await expect(secret).toHaveAttribute('type', 'text');
      await expect(secret).toHaveValue(bench.token);
      await expect(page.getByRole('region', { name: /OAuth 2.0/ })).toContainText(
        'https://bench-demo.trycloudflare.com/oauth/token',
      );

      await page.reload();
      await page.getByRole('button', { name: 'Connect', exact: true }).click();
      await expect(page.getByLabel('Tenant URL', { exact: true })).toHaveValue(
        'https://bench-demo.trycloudflare.com/scim/v2',
      );

      const dataDir = bench.dataDir;
      await bench.stop();
      bench = await serve([], dataDir);
      await open(page, bench);
      await expect(page.getByLabel('Tenant URL', { exact: true })).toHaveValue(
        'https://bench-demo.trycloudflare.com/scim/v2',
      );
      await expect(page.getByLabel('Tunnel host')).toHaveValue('bench-demo.trycloudflare.com');
    } finally {
      await bench.stop();
    }
  });
});

test.describe('step 3: testing through the tunnel', () => {
  let bench: Served;
  let tunnel: Server;
  /** What the "tunnel" does with a request: forward it to the bench, or answer as a broken tunnel would. */
  let mode: 'forward' | 'bench-down' | 'another-server' = 'forward';
  const previousCa = process.env.NODE_EXTRA_CA_CERTS;

  test.beforeAll(async () => {
    const certificates = testCertificates();
    process.env.NODE_EXTRA_CA_CERTS = certificates.caFile; // read by the bench `serve` starts
    bench = await serve();
    const origin = new URL(bench.scimUrl).origin;
    tunnel = createServer(certificates.signed, async (req, res) => {
      if (mode === 'bench-down') return void res.writeHead(502, { 'Content-Type': 'text/html' }).end('Bad gateway');
      if (mode === 'another-server') return void res.writeHead(401).end();
      const answer = await fetch(origin + req.url, {
        headers: {
          authorization: req.headers.authorization ?? '',
          'user-agent': req.headers['user-agent'] ?? '',
          'x-scim-bench-console': String(req.headers['x-scim-bench-console'] ?? ''),
          'x-forwarded-proto': 'https',
          'x-forwarded-host': req.headers.host ?? '',
        },
      });
      res.writeHead(answer.status, { 'Content-Type': answer.headers.get('content-type') ?? 'text/plain' });
      res.end(Buffer.from(await answer.arrayBuffer()));
    });
    await new Promise<void>((resolve) => tunnel.listen(0, '127.0.0.1', resolve));
  });
  test.afterAll(async () => {
    if (previousCa === undefined) delete process.env.NODE_EXTRA_CA_CERTS;
    else process.env.NODE_EXTRA_CA_CERTS = previousCa;
    tunnel.close();
    await bench.stop();
  });

  test('passes through a working tunnel, and says in words what a broken one does', async ({ page }) => {
    const host = `localhost:${(tunnel.address() as AddressInfo).port}`;
    await open(page, bench);
    const three = step(page, 3);
    await expect(three.getByRole('button', { name: 'Test through the tunnel' })).toBeDisabled();
    await useHost(page, host);
    await expect(page.getByText(/reachable only from this machine/)).toBeVisible(); // true of localhost
    const results = three.getByLabel('Connection test').getByRole('listitem');
    const run = async () => {
      await three.getByRole('button', { name: 'Test through the tunnel' }).click();
      await expect(three.getByRole('button', { name: 'Test through the tunnel' })).toBeEnabled();
    };

    await run();
    await expect(three).toContainText(`✓ https://${host}/scim/v2: every step passed.`);
    await expect(results.filter({ hasText: '✓' })).toHaveCount(4);

    mode = 'bench-down';
    await run();
    await expect(results.first()).toContainText(
      `502 from ${host}: the tunnel is up but cannot reach the bench — does it point at ${new URL(bench.scimUrl).origin}, and is SCIM Bench running?`,
    );

    mode = 'another-server';
    await run();
    await expect(results.first()).toContainText(`401 for this bench's own token: ${host} leads to another SCIM server`);

    await useHost(page, 'bench-demo.invalid'); // never resolves (RFC 6761)
    await run();
    await expect(results.first()).toContainText('bench-demo.invalid does not resolve — is the tunnel still running?');
    await expect(results.nth(1)).toContainText('Not tried: the step above got no answer');
    mode = 'forward';
  });
});

test.describe('the token and the first cycle', () => {
  test('rotating asks first; a request that still uses the old token is flagged in traffic', async ({ page }) => {
    const bench = await serve();
    try {
      await open(page, bench);
      const two = step(page, 2);
      await two.getByRole('button', { name: 'Rotate the token…' }).click();
      const ask = two.getByRole('group', { name: 'Rotate the token?' });
      await expect(ask).toContainText('Entra keeps sending the current one until you paste the new one into Entra');
      await expect(ask.getByLabel('Grace period')).toHaveValue('3600');
      await expect(ask).toContainText('no provisioning cycle fails meanwhile');
      await ask.getByLabel('Grace period').selectOption('0');
      await expect(ask).toContainText("Entra's requests are refused (401) from now");
      await ask.getByRole('button', { name: 'Cancel' }).click();
      await expect(two.getByLabel('Previous token')).toHaveCount(0);
      expect((await asEntra(bench)).status).toBe(200); // nothing changed

      await two.getByRole('button', { name: 'Rotate the token…' }).click();
      await two.getByRole('button', { name: 'Rotate now' }).click();
      await expect(two.getByLabel('Previous token')).toContainText('The previous token keeps working until');
      await expect(page.getByLabel('Secret Token', { exact: true })).not.toHaveValue(bench.token);

      expect((await asEntra(bench)).status).toBe(200); // the old token, in its grace period
      await page.getByRole('button', { name: 'Traffic', exact: true }).click();
      await expect(
        page.getByRole('row').filter({ hasText: /still using the previous token, which stops working at \d\d:\d\d/ }),
      ).toHaveCount(1);
    } finally {
      await bench.stop();
    }
  });

  test("step 4 waits for Entra's first request, then shows it with a link to Entra's traffic", async ({ page }) => {
    const bench = await serve();
    try {
      await fetch(`${bench.scimUrl}/Users`, {
        headers: { Authorization: `Bearer ${bench.token}`, 'User-Agent': 'Okta SCIM Client 1.0.0' },
      });
      await open(page, bench);
      const status = page.getByRole('status', { name: "Entra's requests" });
      await expect(status).toHaveText("Waiting for Entra's first request…");
      await expect(step(page, 4)).toContainText('Start provisioning');

      await asEntra(bench, 'an-old-token-pasted-into-entra-long-enough');
      await expect(status).toContainText("Entra's latest request arrived at");
      await expect(status).toContainText('Entra was refused');
      await expect(status).toContainText("the Secret Token in Entra is not this bench's current token");

      await asEntra(bench);
      await expect(status).toContainText('Entra looked up users where userName eq "x" — found none');
      await expect(status).not.toContainText('refused');
      await status.getByRole('link', { name: "See Entra's requests in Traffic" }).click();
      await expect(page).toHaveURL(/#\/traffic\?client=entra$/);
      await expect(page.getByRole('combobox', { name: 'Client', exact: true })).toHaveValue('entra');
      await expect(page.getByRole('row').filter({ hasText: /^(?!.*Okta).*Entra/ })).toHaveCount(2);
      await expect(page.getByRole('row').filter({ hasText: 'Okta' })).toHaveCount(0); // Entra's two, not Okta's
    } finally {
      await bench.stop();
    }
  });
});
