import { describe, expect, it } from 'vitest';
import { parseView, viewSearch } from '../../state/traffic-url';
import { ALL, choose, switcherValue } from './endpoint-choice';

describe('the endpoint switcher', () => {
  it('shows Traffic its filter (all when unset), Activity all, and the other screens the selection', () => {
    expect(switcherValue('traffic', undefined, 'okta')).toBe(ALL);
    expect(switcherValue('traffic', 'entra', 'okta')).toBe('entra');
    expect(switcherValue('activity', 'entra', 'okta')).toBe(ALL);
    expect(switcherValue('directory', undefined, 'okta')).toBe('okta');
    expect(switcherValue('connect', 'entra', 'okta')).toBe('okta');
  });

  it('on Traffic sets the filter (and the selection, for one endpoint); elsewhere only the selection', () => {
    expect(choose('traffic', ALL)).toEqual({ trafficEndpoint: null });
    expect(choose('traffic', 'okta')).toEqual({ trafficEndpoint: 'okta', select: 'okta' });
    expect(choose('directory', 'okta')).toEqual({ select: 'okta' });
    expect(choose('directory', ALL)).toEqual({}); // not offered there: nothing changes
  });

  it("keeps Traffic's endpoint in the address, and ignores what is not an endpoint id", () => {
    const view = { filter: { endpoint: 'okta-test', statusClass: '4xx' as const }, showConsole: false };
    expect(viewSearch(view)).toBe('status=4xx&endpoint=okta-test');
    expect(parseView(viewSearch(view))).toEqual(view);
    expect(parseView('endpoint=..%2Fetc').filter).toEqual({});
  });
});
