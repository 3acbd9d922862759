/** What people paste as their tunnel's host: normalised when it is one, refused in words when it is not. */
import { describe, expect, it } from 'vitest';
import { parseTunnelHost, tenantUrl, tunnelTool } from './tunnel-host';

const host = (input: string) => {
  const parsed = parseTunnelHost(input);
  return 'host' in parsed ? parsed.host : null;
};
const problem = (input: string) => {
  const parsed = parseTunnelHost(input);
  return 'problem' in parsed ? parsed.problem : null;
};

describe('parseTunnelHost', () => {
  it('takes the host out of what a tunnel prints, or of a whole Tenant URL', () => {
    for (const input of [
      'bench-demo.trycloudflare.com',
      '  https://bench-demo.trycloudflare.com/  ',
      'HTTPS://Bench-Demo.TryCloudflare.com/scim/v2',
      'bench-demo.trycloudflare.com/scim',
      'bench-demo.trycloudflare.com.',
    ])
      expect(host(input), input).toBe('bench-demo.trycloudflare.com');
    expect(host('scim.example.com:8443')).toBe('scim.example.com:8443');
    expect(host('bücher.example')).toBe('xn--bcher-kva.example');
    expect(tenantUrl(host('https://abc.ngrok-free.app')!)).toBe('https://abc.ngrok-free.app/scim/v2');
  });

  it('refuses what is not a host, in words, instead of building https://not a host!/scim/v2', () => {
    expect(problem('not a host!')).toBe(
      '"not a host!" is not a host name: use letters, digits, hyphens and dots, like bench-demo.trycloudflare.com',
    );
    expect(problem('')).toMatch(/^Paste the public host name/);
    expect(problem('http://bench-demo.trycloudflare.com')).toMatch(/only over https.*not http:\/\//);
    expect(problem('bench-demo.trycloudflare.com/Users')).toMatch(/only the host name.*adds \/scim\/v2/);
    expect(problem('bench-demo.trycloudflare.com?x=1')).toMatch(/only the host name/);
    expect(problem('user:pw@bench-demo.trycloudflare.com')).toMatch(/user name or password/);
    expect(problem('bench-demo.trycloudflare.com:99999')).toMatch(/not a port number/);
    expect(problem('bench-demo')).toMatch(/has no domain/);
    for (const bad of ['-bad.example.com', 'a..b.com', 'under_score.example.com', 'a b.com', `${'a'.repeat(64)}.com`])
      expect(problem(bad), bad).toMatch(/is not a host name/);
  });

  it('accepts this machine and private addresses, and says Entra cannot reach them', () => {
    for (const local of ['localhost:8443', '127.0.0.1', '192.168.1.20:443', '10.0.0.7'])
      expect(parseTunnelHost(local), local).toMatchObject({ warning: expect.stringMatching(/Microsoft's cloud/) });
    expect(parseTunnelHost('bench-demo.trycloudflare.com')).toMatchObject({ warning: null });
  });
});

describe('tunnelTool', () => {
  it('names the program behind the well-known tunnel domains only', () => {
    expect(tunnelTool('bench-demo.trycloudflare.com')).toBe('cloudflared');
    expect(tunnelTool('abc.ngrok-free.app:443')).toBe('ngrok');
    expect(tunnelTool('x-7643.euw.devtunnels.ms')).toBe('devtunnel');
    expect(tunnelTool('trycloudflare.com.evil.example')).toBeNull();
    expect(tunnelTool('scim.example.com')).toBeNull();
  });
});
