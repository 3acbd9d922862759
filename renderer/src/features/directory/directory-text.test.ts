import { describe, expect, it } from 'vitest';
import { showing } from './directory-text';

describe('showing', () => {
  it('says when a list is cut, and where in it the page is', () => {
    expect(showing(1534, 1, 50, 'users')).toBe('Showing 1–50 of 1,534 users');
    expect(showing(1534, 1501, 34, 'users')).toBe('Showing 1,501–1,534 of 1,534 users');
    expect(showing(3, 1, 3, 'users')).toBe('3 users');
    expect(showing(1, 1, 1, 'groups')).toBe('1 group');
    expect(showing(0, 1, 0, 'users')).toBe('No users');
  });
});
