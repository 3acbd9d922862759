/**
 * Seeded draws for probability triggers: the nth draw of a seed is always the same number, so a run
 * can be repeated exactly (same seed, same requests → same faults). A hash, not a PRNG state, so a
 * draw depends only on (seed, rule, n) and never on what other rules drew.
 */
import { createHash } from 'node:crypto';

/** A number in [0, 1) fixed by `seed`, `stream` and `n`. */
export function draw(seed: string, stream: string, n: number): number {
  const digest = createHash('sha256').update(`${seed}\u0000${stream}\u0000${n}`).digest();
  // 48 bits are plenty for a probability and exact in a double.
  return digest.readUIntBE(0, 6) / 2 ** 48;
}
