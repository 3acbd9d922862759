/**
 * One authenticated request that asks for far more work than any client needs — the shapes a
 * review found hold the engine's only thread for seconds, or quietly answer another question.
 * Real HTTP on loopback against a real engine and SQLite file.
 */
import { describe, expect, it } from 'vitest';
import { MAX_FILTERED_VALUES } from '../scim/patch';
import { MAX_CUSTOM_EXTENSIONS, MAX_VALUES } from '../scim/resource';
import { SCAN_BUDGET } from '../store/filter-sql';
import { startBench } from '../test/bench-harness';

const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const patch = (...Operations: unknown[]) => ({ schemas: [PATCH_OP], Operations });
const emails = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => ({ value: `u${from + i}@example.com`, type: 'work' }));

async function createUser(scim: Awaited<ReturnType<typeof startBench>>['scim'], body: Record<string, unknown>) {
  const response = await scim('/Users', { method: 'POST', json: body });
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string; emails?: unknown[]; meta: { version: string } };
}

describe('multi-valued attributes stay a size the bench can work with', () => {
  it('5,000 PATCH adds of one new email each are refused whole at the value limit, and nothing changes', async () => {
    const { scim } = await startBench();
    const user = await createUser(scim, { userName: 'many' });
    const ops = emails(5000).map((email) => ({ op: 'add', path: 'emails', value: [email] }));
    const response = await scim(`/Users/${user.id}`, { method: 'PATCH', json: patch(...ops) });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      scimType: 'invalidValue',
      detail: expect.stringContaining(`at most ${MAX_VALUES} values`),
    });
    const after = (await (await scim(`/Users/${user.id}`)).json()) as { emails?: unknown[]; meta: { version: string } };
    expect(after.emails).toBeUndefined();
    expect(after.meta.version).toBe(user.meta.version);
  });

  it('a POST with more values than the limit is refused; one at the limit is stored', async () => {
    const { scim } = await startBench();
    const over = await scim('/Users', { method: 'POST', json: { userName: 'over', emails: emails(MAX_VALUES + 1) } });
    expect(over.status).toBe(400);
    const at = await createUser(scim, { userName: 'at', emails: emails(MAX_VALUES) });
    expect(at.emails).toHaveLength(MAX_VALUES);
  });

  it('thousands of filtered replaces over a full attribute are refused past the filter work limit', async () => {
    const { scim } = await startBench();
    const user = await createUser(scim, { userName: 'filtered', emails: emails(MAX_VALUES) });
    const ops = Array.from({ length: 1000 }, (_, i) => ({
      op: 'replace',
      path: `emails[value eq "u${i}@example.com"].display`,
      value: `d${i}`,
    }));
    expect(ops.length * MAX_VALUES).toBeGreaterThan(MAX_FILTERED_VALUES);
    const response = await scim(`/Users/${user.id}`, { method: 'PATCH', json: patch(...ops) });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ scimType: 'tooMany' });
    const after = (await (await scim(`/Users/${user.id}`)).json()) as { emails: { display?: string }[] };
    expect(after.emails.some((e) => e.display)).toBe(false);
  });

  it(`more than ${MAX_CUSTOM_EXTENSIONS} extension schemas of a client's own are refused`, async () => {
    const { scim } = await startBench();
    const body: Record<string, unknown> = { userName: 'ext' };
    for (let i = 0; i <= MAX_CUSTOM_EXTENSIONS; i++)
      body[`urn:ietf:params:scim:schemas:extension:App${i}:2.0:User`] = { x: String(i) };
    const response = await scim('/Users', { method: 'POST', json: body });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { detail: string }).detail).toMatch(/at most 20 extension schemas/);
  });
});

describe('a listing that would test every row is bounded by the number of rows', () => {
  it('a multi-valued sortBy among many users is refused with the figures, while an indexed filter still answers', async () => {
    const { scim, engine } = await startBench();
    // Rows straight into the store: 60,000 HTTP creates would take minutes and test nothing more.
    const rows = Math.ceil(SCAN_BUDGET / 10) + 10_000;
    engine.store.transaction(() => {
      for (let i = 0; i < rows; i++)
        engine.store.create('User', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: `bulk${i}` });
    });
    const sorted = await scim('/Users?sortBy=emails.value&count=1');
    expect(sorted.status).toBe(400);
    expect(await sorted.json()).toMatchObject({
      scimType: 'invalidValue',
      detail: expect.stringContaining(`${rows.toLocaleString('en')} users`),
    });
    const scan = await scim(`/Users?filter=${encodeURIComponent('emails.value eq "x@example.com"')}`);
    expect(scan.status).toBe(400);
    expect(await scan.json()).toMatchObject({ scimType: 'invalidFilter' });
    // The shapes Entra and Okta send are index seeks, whatever the size.
    const seek = await scim(`/Users?filter=${encodeURIComponent('userName eq "bulk42"')}&sortBy=emails.value`);
    expect(seek.status).toBe(200);
    expect(((await seek.json()) as { totalResults: number }).totalResults).toBe(1);
    const plain = await scim('/Users?sortBy=userName&count=1');
    expect(plain.status).toBe(200);
  });
});

describe('a request answers the question it asked', () => {
  it('a query parameter given twice is refused, not silently half-read', async () => {
    const { scim } = await startBench();
    await createUser(scim, { userName: 'a' });
    const response = await scim(
      `/Users?filter=${encodeURIComponent('userName eq "a"')}&filter=${encodeURIComponent('userName eq "b"')}`,
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ scimType: 'invalidValue', detail: expect.stringMatching(/2 times/) });
  });

  it("a Bulk operation does not inherit the outer request's If-Match or query", async () => {
    const { scim } = await startBench();
    const user = await createUser(scim, { userName: 'bulked' });
    const response = await scim('/Bulk?attributes=id', {
      method: 'POST',
      headers: { 'If-Match': 'W/"not-its-version"' },
      json: {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'],
        Operations: [
          {
            method: 'PATCH',
            path: `/Users/${user.id}`,
            data: patch({ op: 'replace', path: 'displayName', value: 'B' }),
          },
        ],
      },
    });
    expect(response.status).toBe(200);
    const result = (await response.json()) as { Operations: { status: string }[] };
    expect(result.Operations[0]!.status).toBe('200');
    const after = (await (await scim(`/Users/${user.id}`)).json()) as { displayName: string };
    expect(after.displayName).toBe('B');
  });

  it('an attributes list of hundreds of names is refused; a repeated name is asked once', async () => {
    const { scim } = await startBench();
    await createUser(scim, { userName: 'p' });
    const many = Array.from({ length: 201 }, (_, i) => `name${i}`).join(',');
    expect((await scim(`/Users?attributes=${many}`)).status).toBe(400);
    const repeated = Array.from({ length: 500 }, () => 'userName').join(',');
    const ok = await scim(`/Users?attributes=${repeated}`);
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { Resources: Record<string, unknown>[] }).Resources[0]).toHaveProperty(
      'userName',
      'p',
    );
  });
});

describe('PATCH says what it did (RFC 7644 §3.5.2)', () => {
  it('a filtered replace of an element keeps the sub-attributes it does not name', async () => {
    const { scim } = await startBench();
    const user = await createUser(scim, {
      userName: 'merge',
      emails: [{ value: 'w@example.com', type: 'work', primary: true, display: 'Work' }],
    });
    const response = await scim(`/Users/${user.id}`, {
      method: 'PATCH',
      json: patch({ op: 'replace', path: 'emails[type eq "work"]', value: { value: 'new@example.com' } }),
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { emails: unknown[] }).emails).toEqual([
      { value: 'new@example.com', type: 'work', primary: true, display: 'Work' },
    ]);
  });

  it('a remove whose filter matches nothing changes nothing and says so; strict answers noTarget', async () => {
    const { scim, traffic, engine } = await startBench();
    const user = await createUser(scim, { userName: 'rm', emails: [{ value: 'keep@example.com', type: 'work' }] });
    const body = patch({ op: 'remove', path: 'emails[type eq "home"]' });
    const lenient = await scim(`/Users/${user.id}`, { method: 'PATCH', json: body });
    expect(lenient.status).toBe(200);
    expect(((await lenient.json()) as { emails: unknown[] }).emails).toHaveLength(1);
    const entries = await traffic(2);
    const full = (await engine.handlers['traffic:get']({ id: entries[0]!.id }))!;
    expect(full.notes.map((n) => n.code)).toContain('remove-matched-nothing');

    await engine.updateSettings({ strict: true });
    const strict = await scim(`/Users/${user.id}`, { method: 'PATCH', json: body });
    expect(strict.status).toBe(400);
    expect(await strict.json()).toMatchObject({ scimType: 'noTarget' });
  });

  it('replacing a sub-attribute of every value when there are none is noTarget, not a 200 that stored nothing', async () => {
    const { scim } = await startBench();
    const user = await createUser(scim, { userName: 'none' });
    const response = await scim(`/Users/${user.id}`, {
      method: 'PATCH',
      json: patch({ op: 'replace', path: 'emails.type', value: 'work' }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ scimType: 'noTarget' });
  });
});
