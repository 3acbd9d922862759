/**
 * Client behaviour as data: every request Microsoft's and Okta's own documentation shows
 * (app/test/fixtures/clients/*.json), replayed in order against a real bench over HTTP, each with
 * what the bench must answer, store and note. A new dialect is a new fixture, not new test code.
 *
 * A step's `ids` map a literal id in the documented request to a real one: `@<step>` (the resource
 * that step created), `new user` / `new group` (made for the purpose, once per literal),
 * `fresh user` / `fresh group` (made anew for this step), `member of <literal>` (a new user added
 * to that group first), `no such id`.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isDeviation } from '../scim/dialect-codes';
import { startBench } from '../test/bench-harness';

interface Step {
  id: string;
  doc: string;
  request: { method: string; path: string; body?: unknown };
  ids?: Record<string, string>;
  expect: {
    status: number;
    /** The deviations the bench must note (its own notes, such as a password not stored, aside). */
    notes?: string[];
    /** Part of the response body. */
    body?: Record<string, unknown>;
    /** Part of the resource as stored afterwards (read back with GET). */
    resource?: Record<string, unknown>;
    /** Attributes the response or stored resource must not have. */
    absent?: string[];
    /** The resource no longer exists. */
    gone?: boolean;
  };
}

const DIR = path.join(import.meta.dirname, '../test/fixtures/clients');
const files = readdirSync(DIR).filter((f) => f.endsWith('.json'));

/** Membership has no order (RFC 7643 §4.2): compare it sorted. */
const sortMembers = <T>(value: T): T => {
  const members = (value as { members?: { value: string }[] }).members;
  if (Array.isArray(members)) members.sort((a, b) => (a.value < b.value ? -1 : 1));
  return value;
};

/** Replaces every occurrence of each literal in a JSON value (paths and bodies name ids alike). */
const substitute = <T>(value: T, ids: Map<string, string>): T => {
  let text = JSON.stringify(value);
  for (const [literal, id] of ids) text = text.split(literal).join(id);
  return JSON.parse(text) as T;
};

describe.each(files)('documented client requests: %s', (file) => {
  const fixture = JSON.parse(readFileSync(path.join(DIR, file), 'utf8')) as { source: string; steps: Step[] };

  it(`${fixture.source}: ${fixture.steps.length} requests do what the documentation says`, async () => {
    const bench = await startBench();
    const { engine } = bench;
    let sent = 0;
    const scim = (...args: Parameters<typeof bench.scim>) => (sent++, bench.scim(...args));
    /** Waits until every request sent so far is in the log, so the next one's entry is the next one. */
    const settled = () => bench.traffic(sent);
    const created = new Map<string, string>(); // step id → resource id
    const made = new Map<string, string>(); // literal → id made for it
    const body = async (response: Response): Promise<unknown> => {
      const text = await response.text();
      return text ? JSON.parse(text) : null;
    };

    const make = async (literal: string, how: string, ids: Map<string, string>): Promise<string> => {
      if (how.startsWith('@')) return created.get(how.slice(1)) ?? `(step ${how} created nothing)`;
      if (how === 'no such id') return randomUUID();
      const known = made.get(literal);
      if (known && !how.startsWith('fresh ')) return known;
      const kind = how.endsWith(' group') ? 'Groups' : 'Users';
      const name = `${kind === 'Users' ? 'userName' : 'displayName'}`;
      const response = await scim(`/${kind}`, { method: 'POST', json: { [name]: `fixture-${randomUUID()}` } });
      const id = ((await response.json()) as { id: string }).id;
      if (how.startsWith('member of ')) {
        const group = ids.get(how.slice('member of '.length))!;
        await scim(`/Groups/${group}`, {
          method: 'PATCH',
          json: {
            schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
            Operations: [{ op: 'add', path: 'members', value: [{ value: id }] }],
          },
        });
      }
      made.set(literal, id);
      return id;
    };

    for (const step of fixture.steps) {
      const where = `${fixture.source} — ${step.id} (${step.doc})`;
      const ids = new Map<string, string>();
      for (const [literal, how] of Object.entries(step.ids ?? {})) ids.set(literal, await make(literal, how, ids));
      const request = substitute(step.request, ids);
      const before = (await settled())[0]?.id ?? 0;
      const response = await scim(request.path, {
        method: request.method,
        ...(request.body !== undefined ? { json: request.body } : {}),
      });
      const answer = await body(response);
      expect(response.status, `${where}: ${JSON.stringify(answer)}`).toBe(step.expect.status);
      if (request.method === 'POST' && response.status === 201) created.set(step.id, (answer as { id: string }).id);
      const expected = substitute(step.expect, ids);
      if (expected.body) expect(answer, where).toMatchObject(expected.body);

      if (expected.notes) {
        let entry;
        for (let i = 0; i < 100 && !entry; i++) {
          entry = (await engine.handlers['traffic:list']({ limit: 20 })).entries.find(
            (e) => e.id > before && e.method === request.method,
          );
          if (!entry) await new Promise((r) => setTimeout(r, 20));
        }
        const notes = (await engine.handlers['traffic:get']({ id: entry!.id }))!.notes.map((n) => n.code);
        expect([...new Set(notes.filter(isDeviation))].sort(), where).toEqual([...expected.notes].sort());
      }

      const target =
        request.method === 'POST' ? `${request.path}/${created.get(step.id)}` : request.path.replace(/\?.*$/, '');
      if (expected.resource || expected.gone) {
        const read = await scim(target);
        if (expected.gone) expect(read.status, where).toBe(404);
        else expect(sortMembers(await read.json()), where).toMatchObject(sortMembers(expected.resource!));
      }
      for (const name of expected.absent ?? []) {
        const stored = request.method === 'GET' ? answer : await (await scim(target)).json();
        expect(stored as object, where).not.toHaveProperty(name);
      }
    }
  });
});
