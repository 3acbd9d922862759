import { describe, expect, it } from 'vitest';
import { formatDuration, parseDurationField, splitDuration } from './duration';

const LIMITS = { minMs: 10_000, maxMs: 7 * 86_400_000 };

describe('durations', () => {
  it('shows an interval in the largest unit that keeps it whole', () => {
    expect(splitDuration(10_000)).toEqual({ value: 10, unit: 's' });
    expect(splitDuration(90_000)).toEqual({ value: 90, unit: 's' });
    expect(splitDuration(300_000)).toEqual({ value: 5, unit: 'min' });
    expect(splitDuration(5_400_000)).toEqual({ value: 90, unit: 'min' });
    expect(splitDuration(7_200_000)).toEqual({ value: 2, unit: 'h' });
  });

  it('says an interval in words', () => {
    expect(formatDuration(10_000)).toBe('10 s');
    expect(formatDuration(150_000)).toBe('2 min 30 s');
    expect(formatDuration(5_400_000)).toBe('1 h 30 min');
    expect(formatDuration(7 * 86_400_000)).toBe('168 h');
  });

  it('reads a typed value in its unit, and says what is wrong with one out of range', () => {
    expect(parseDurationField('10', 's', LIMITS)).toEqual({ ms: 10_000 });
    expect(parseDurationField('0.5', 'min', LIMITS)).toEqual({ ms: 30_000 });
    expect(parseDurationField('1,5', 'h', LIMITS)).toEqual({ ms: 5_400_000 });
    expect(parseDurationField('5', 's', LIMITS)).toEqual({ error: 'must be at least 10 s' });
    expect(parseDurationField('200', 'h', LIMITS)).toEqual({ error: 'must be at most 168 h' });
    expect(parseDurationField('', 'min', LIMITS)).toEqual({ error: 'must be a number' });
    expect(parseDurationField('ten', 'min', LIMITS)).toEqual({ error: 'must be a number' });
  });
});
