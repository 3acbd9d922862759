import { describe, expect, it } from 'vitest';
import { engineFilter, parseView, viewSearch } from './traffic-url';

describe('the Traffic view in the address', () => {
  it('round-trips every filter, keeping a time range as a range', () => {
    const view = {
      filter: {
        text: 'alice@contoso.com',
        method: 'PATCH',
        statusClass: '4xx' as const,
        client: 'entra' as const,
        resourceType: 'User',
        resourceId: '2819c223-7f76-453a-919d-413861904646',
        operation: 'disable-user',
        deviated: true,
        lastMinutes: 15,
      },
      showConsole: true,
    };
    const search = viewSearch(view);
    expect(search).toBe(
      'q=alice%40contoso.com&method=PATCH&status=4xx&client=entra&resource=User&resourceId=2819c223-7f76-453a-919d-413861904646&op=disable-user&strayed=1&last=15m&console=1',
    );
    expect(parseView(search)).toEqual(view);
    expect(viewSearch({ filter: { lastMinutes: 1440 }, showConsole: false })).toBe('last=1d');
    expect(viewSearch({ filter: {}, showConsole: false })).toBe('');
  });

  it('ignores what it cannot read instead of sending it to the engine', () => {
    expect(parseView('status=6xx&client=mallory&method=GET%20X&last=forever&from=yesterday&resource=Widget')).toEqual({
      filter: {},
      showConsole: false,
    });
    expect(parseView('from=2026-01-01T10:00:00Z').filter).toEqual({ from: '2026-01-01T10:00:00Z' });
  });

  it('leaves out the console’s own reads unless they are shown or the console is the chosen client', () => {
    expect(engineFilter({ filter: {}, showConsole: false })).toEqual({ hideConsoleReads: true });
    expect(engineFilter({ filter: {}, showConsole: true })).toEqual({});
    expect(engineFilter({ filter: { client: 'console' }, showConsole: false })).toEqual({ client: 'console' });
  });
});
