/**
 * Entra's provisioning, in the order it sends it (Microsoft's "Tutorial: Develop and plan
 * provisioning for a SCIM endpoint" and its request samples): the connection probe, lookup by
 * userName then create, its PATCH forms, manager, disable, groups and their members, duplicate and
 * deletion. Each step names the dialect it sends (app/scim/dialect-codes.ts), so a server that
 * refuses one is told which of Entra's habits it refuses.
 */
import { randomUUID } from 'node:crypto';
import { ENTERPRISE, GROUP, entraUser, filterQuery, patch } from './scim-bodies';
import { answered, fail, objectOf, pass, unlessNotOurs, warn, type Step, type StepContext } from './check-step';

const SOURCE = 'Microsoft Entra: Tutorial — develop and plan provisioning for a SCIM endpoint';
const USER_NAME = (ctx: StepContext) => `${ctx.prefix}alice@example.com`;

/** Reads the user back: what a PATCH answered is not proof that it was kept. */
async function readUser(ctx: StepContext) {
  const ex = await ctx.send('GET', ctx.path('alice'));
  return ex.status === 200 ? objectOf(ex) : null;
}

const ok2xx = (status: number | null) => status !== null && status >= 200 && status < 300;

/** A PATCH of alice, then a read that must show `kept(user)`. */
function patchStep(
  id: string,
  title: string,
  sends: Step['sends'],
  body: (ctx: StepContext) => unknown,
  kept: (user: Record<string, unknown>, ctx: StepContext) => boolean,
  what: string,
  advice: string,
  needs: string[] = ['entra-create-user'],
): Step {
  return {
    id,
    profile: 'entra',
    title,
    source: SOURCE,
    needs,
    sends,
    run: async (ctx) => {
      const ex = await ctx.send('PATCH', ctx.path('alice'), body(ctx));
      if (!ok2xx(ex.status)) return fail(`The PATCH ${answered(ex)}`, advice);
      const user = await readUser(ctx);
      if (!user) return fail('The user could not be read back after the PATCH');
      return kept(user, ctx)
        ? pass(`${ex.status}, and reading the user back shows ${what}`)
        : fail(`${ex.status}, but reading the user back does not show ${what}: the change was not kept`, advice);
    },
  };
}

const enterprise = (user: Record<string, unknown>) => (user[ENTERPRISE] ?? {}) as Record<string, unknown>;
const managerOf = (user: Record<string, unknown>) =>
  (enterprise(user).manager as { value?: unknown } | undefined)?.value;
const MANAGER = ['entra-create-user', 'entra-create-manager'];

export const ENTRA_STEPS: Step[] = [
  {
    id: 'entra-probe-user',
    profile: 'entra',
    title: 'Connection probe: a user that cannot exist is looked up and not found',
    source: `${SOURCE} ("Test connection" queries a random userName)`,
    run: async (ctx) => {
      const ex = await ctx.send('GET', `/Users?${filterQuery(`userName eq "${randomUUID()}"`)}`);
      const list = objectOf(ex);
      if (ex.status !== 200)
        return fail(
          `The lookup ${answered(ex)}`,
          'Entra\'s "Test connection" will fail: it expects 200 with an empty list',
        );
      return list?.totalResults === 0
        ? pass('200 with totalResults 0')
        : fail(
            `200, but totalResults is ${JSON.stringify(list?.totalResults)}`,
            'Entra reads totalResults to decide whether the user exists',
          );
    },
  },
  {
    id: 'entra-probe-group',
    profile: 'entra',
    title: 'Connection probe: a group that cannot exist is looked up without members',
    source: `${SOURCE} (groups are queried with excludedAttributes=members)`,
    uses: ['groups', 'excludedAttributes'],
    run: async (ctx) => {
      const ex = await ctx.send(
        'GET',
        `/Groups?excludedAttributes=members&${filterQuery(`displayName eq "${randomUUID()}"`)}`,
      );
      if (ex.status !== 200) return fail(`The lookup ${answered(ex)}`, 'Entra cannot provision groups to this server');
      return objectOf(ex)?.totalResults === 0 ? pass('200 with totalResults 0') : fail('200, but not an empty list');
    },
  },
  {
    id: 'entra-lookup-before-create',
    profile: 'entra',
    title: 'Before creating, the user is looked up by userName and not found',
    source: SOURCE,
    run: async (ctx) => {
      const ex = await ctx.send('GET', `/Users?${filterQuery(`userName eq "${USER_NAME(ctx)}"`)}`);
      if (ex.status !== 200)
        return fail(
          `The lookup ${answered(ex)}`,
          'Entra matches users by this lookup; without it, it cannot provision',
        );
      return objectOf(ex)?.totalResults === 0
        ? pass('200 with totalResults 0')
        : fail('The user already exists before it was created');
    },
  },
  {
    id: 'entra-create-user',
    profile: 'entra',
    title: 'Create the user as Entra sends it (enterprise extension, work email, meta)',
    source: `${SOURCE} ("Create User")`,
    needs: ['entra-lookup-before-create'],
    run: async (ctx) => {
      const ex = await ctx.send('POST', '/Users', entraUser(USER_NAME(ctx)));
      const user = objectOf(ex);
      if (ex.status !== 201)
        return fail(
          `The create ${answered(ex)}`,
          'Entra cannot create users on this server; RFC 7644 §3.3 answers 201',
        );
      const id = await ctx.own('alice', 'Users', ex);
      return user?.userName === USER_NAME(ctx)
        ? pass(`201 with id ${id}`)
        : warn(`201, but userName came back as ${JSON.stringify(user?.userName)}`);
    },
  },
  {
    id: 'entra-lookup-after-create',
    profile: 'entra',
    title: 'The created user is found by its userName',
    source: SOURCE,
    needs: ['entra-create-user'],
    run: async (ctx) => {
      const ex = await ctx.send('GET', `/Users?${filterQuery(`userName eq "${USER_NAME(ctx)}"`)}`);
      const list = objectOf(ex);
      const found =
        Array.isArray(list?.Resources) &&
        (list.Resources as { id?: string }[]).some((r) => r.id === ctx.ids.get('alice')!.id);
      if (ex.status !== 200) return fail(`The lookup ${answered(ex)}`);
      return list?.totalResults === 1 && found
        ? pass('200 with the user, totalResults 1')
        : fail(
            `200, but totalResults is ${JSON.stringify(list?.totalResults)}`,
            'Entra would create the user again at its next cycle, and meet a 409',
          );
    },
  },
  patchStep(
    'entra-patch-capitalised-dotted',
    'PATCH with a capitalised op and a path-less dotted key ("Replace", "name.givenName")',
    ['capitalised-op', 'pathless-dotted-key'],
    () => patch({ op: 'Replace', value: { 'name.givenName': 'Alicia' } }),
    (u) => (u.name as { givenName?: unknown } | undefined)?.givenName === 'Alicia',
    'name.givenName = "Alicia"',
    'Entra sends updates this way; a server that refuses them leaves every attribute change unprovisioned',
  ),
  patchStep(
    'entra-patch-urn-path',
    'PATCH the enterprise department by its URN path',
    ['capitalised-op'],
    () => patch({ op: 'Replace', path: `${ENTERPRISE}:department`, value: 'Sales' }),
    (u) => enterprise(u).department === 'Sales',
    'department = "Sales"',
    'Entra names extension attributes by their URN path',
  ),
  patchStep(
    'entra-patch-urn-key',
    'PATCH with a path-less URN key ("urn:…:enterprise:2.0:User:department")',
    ['capitalised-op', 'pathless-urn-key'],
    () => patch({ op: 'Replace', value: { [`${ENTERPRISE}:department`]: 'Marketing' } }),
    (u) => enterprise(u).department === 'Marketing',
    'department = "Marketing"',
    'Entra sends several attribute changes in one path-less operation keyed this way',
  ),
  patchStep(
    'entra-patch-filtered-path',
    'PATCH a filtered sub-attribute path (emails[type eq "work"].value)',
    ['capitalised-op'],
    (ctx) => patch({ op: 'Replace', path: 'emails[type eq "work"].value', value: `${ctx.prefix}alicia@example.com` }),
    (u) =>
      Array.isArray(u.emails) &&
      (u.emails as { value?: string }[]).some((e) => e.value?.endsWith('alicia@example.com')),
    'the new work email',
    'Entra updates emails, phone numbers and addresses by filtered paths',
  ),
  {
    id: 'entra-unlisted-attribute',
    profile: 'entra',
    title: "Create a user with an attribute the server's schema lacks (an admin's own mapping)",
    source: 'Microsoft Entra: attribute mappings ("Edit attribute list" lets an admin add any target attribute)',
    uses: ['unknown-attributes'],
    run: async (ctx) => {
      const ex = await ctx.send('POST', '/Users', {
        ...entraUser(`${ctx.prefix}mapped@example.com`),
        costCenter: 'CC-1',
      });
      if (ex.status === 201) {
        await ctx.own('mapped', 'Users', ex);
        return pass('201: the attribute was accepted (kept or ignored)');
      }
      return warn(
        `The create ${answered(ex)}`,
        'If an admin maps an attribute your schema does not have, every create and update of those users fails; ignoring what you do not know is safer',
      );
    },
  },
  {
    id: 'entra-create-manager',
    profile: 'entra',
    title: 'Create two more users, the managers',
    source: SOURCE,
    needs: ['entra-create-user'],
    run: async (ctx) => {
      const ids: string[] = [];
      for (const name of ['manager', 'manager2']) {
        const ex = await ctx.send('POST', '/Users', entraUser(`${ctx.prefix}${name}@example.com`));
        if (ex.status !== 201) return fail(`The create ${answered(ex)}`);
        ids.push(await ctx.own(name, 'Users', ex));
      }
      return pass(`201 twice, ids ${ids.join(' and ')}`);
    },
  },
  patchStep(
    'entra-manager-add',
    'Add the manager by its id',
    ['capitalised-op', 'bare-complex-value'],
    (ctx) => patch({ op: 'Add', path: `${ENTERPRISE}:manager`, value: ctx.ids.get('manager')?.id }),
    (u, ctx) => managerOf(u) === ctx.ids.get('manager')?.id,
    'the manager',
    'Entra sends the manager as its id; without it, org charts are not provisioned',
    MANAGER,
  ),
  patchStep(
    'entra-manager-replace',
    'Replace the manager with another, by its id',
    ['capitalised-op', 'bare-complex-value'],
    (ctx) => patch({ op: 'Replace', path: `${ENTERPRISE}:manager`, value: ctx.ids.get('manager2')?.id }),
    (u, ctx) => managerOf(u) === ctx.ids.get('manager2')?.id,
    'the new manager',
    'Entra replaces the manager when it changes in the directory',
    MANAGER,
  ),
  patchStep(
    'entra-manager-remove',
    'Remove the manager',
    ['capitalised-op'],
    () => patch({ op: 'Remove', path: `${ENTERPRISE}:manager` }),
    (u) => enterprise(u).manager === undefined,
    'no manager',
    'Entra removes the manager when it is cleared in the directory',
    MANAGER,
  ),
  patchStep(
    'entra-disable',
    'Disable the user with active as the string "False"',
    ['capitalised-op', 'string-boolean'],
    () => patch({ op: 'Replace', path: 'active', value: 'False' }),
    (u) => u.active === false,
    'active = false',
    'Entra sends active as the string "False"; a server that refuses it cannot have users disabled — leavers keep their access',
  ),
  {
    id: 'entra-create-group',
    profile: 'entra',
    title: 'Create a group as Entra sends it',
    source: `${SOURCE} ("Create Group")`,
    uses: ['groups'],
    run: async (ctx) => {
      const ex = await ctx.send('POST', '/Groups', {
        schemas: [GROUP],
        externalId: randomUUID(),
        displayName: `${ctx.prefix}group`,
        meta: { resourceType: 'Group' },
      });
      if (ex.status !== 201) return fail(`The create ${answered(ex)}`, 'Entra cannot provision groups');
      return pass(`201 with id ${await ctx.own('group', 'Groups', ex)}`);
    },
  },
  {
    id: 'entra-add-member',
    profile: 'entra',
    title: 'Add the user to the group',
    source: SOURCE,
    needs: ['entra-create-group', 'entra-create-user'],
    sends: ['capitalised-op'],
    run: async (ctx) => {
      const ex = await ctx.send(
        'PATCH',
        ctx.path('group'),
        patch({ op: 'Add', path: 'members', value: [{ value: ctx.ids.get('alice')!.id }] }),
      );
      if (!ok2xx(ex.status)) return fail(`The PATCH ${answered(ex)}`, 'Entra cannot add members to groups');
      const read = await ctx.send('GET', ctx.path('group'));
      const members = (objectOf(read)?.members ?? []) as { value?: string }[];
      return members.some((m) => m.value === ctx.ids.get('alice')!.id)
        ? pass(`${ex.status}, and the group lists the member`)
        : fail(`${ex.status}, but the group does not list the member: the change was not kept`);
    },
  },
  {
    id: 'entra-exclude-members',
    profile: 'entra',
    title: 'Read the group with excludedAttributes=members',
    source: 'RFC 7644 §3.9; Entra reads groups this way',
    needs: ['entra-add-member'],
    uses: ['excludedAttributes'],
    run: async (ctx) => {
      const ex = await ctx.send('GET', ctx.path('group', '?excludedAttributes=members'));
      if (ex.status !== 200) return fail(`The read ${answered(ex)}`);
      return objectOf(ex)?.members === undefined
        ? pass('200 without members')
        : warn(
            '200, but the members came back',
            'Entra asks without members to avoid reading large groups; answering them costs every sync',
          );
    },
  },
  {
    id: 'entra-remove-member',
    profile: 'entra',
    title: 'Remove the member by a value list ("Remove", path members, value [...])',
    source: SOURCE,
    needs: ['entra-add-member'],
    sends: ['capitalised-op', 'remove-members-with-value'],
    run: async (ctx) => {
      const ex = await ctx.send(
        'PATCH',
        ctx.path('group'),
        patch({ op: 'Remove', path: 'members', value: [{ value: ctx.ids.get('alice')!.id }] }),
      );
      if (!ok2xx(ex.status))
        return fail(
          `The PATCH ${answered(ex)}`,
          'Entra removes members this way; refused, users keep their group memberships',
        );
      const read = await ctx.send('GET', ctx.path('group'));
      const members = (objectOf(read)?.members ?? []) as { value?: string }[];
      return members.some((m) => m.value === ctx.ids.get('alice')!.id)
        ? fail(`${ex.status}, but the group still lists the member: the change was not kept`)
        : pass(`${ex.status}, and the member is gone`);
    },
  },
  {
    id: 'entra-duplicate',
    profile: 'entra',
    title: 'Creating the same userName again is refused with 409',
    source: 'RFC 7644 §3.3 (409 uniqueness); Entra expects it',
    needs: ['entra-create-user'],
    run: async (ctx) => {
      const ex = await ctx.send('POST', '/Users', entraUser(USER_NAME(ctx)));
      // A duplicate created is removed at the end like the rest (if it can be proven the run's).
      if (ex.status === 201) await ctx.own('duplicate', 'Users', ex).catch(unlessNotOurs);
      if (ex.status !== 409)
        return fail(
          `The second create ${answered(ex)}`,
          'A duplicate must be 409: Entra would otherwise create the user twice',
        );
      return objectOf(ex)?.scimType === 'uniqueness'
        ? pass('409 uniqueness')
        : warn('409, without scimType "uniqueness"');
    },
  },
  {
    id: 'entra-delete',
    profile: 'entra',
    title: 'Delete the user: 204, then 404 for the second delete',
    source: 'RFC 7644 §3.6',
    needs: ['entra-create-user'],
    run: async (ctx) => {
      const first = await ctx.send('DELETE', ctx.path('alice'));
      if (first.status !== 204) return fail(`The delete ${answered(first)}`);
      const second = await ctx.send('DELETE', ctx.path('alice'));
      return second.status === 404
        ? pass('204, then 404')
        : fail(`204, then the second delete ${answered(second)}`, 'RFC 7644 §3.6: a deleted resource is 404');
    },
  },
  {
    id: 'entra-pagination',
    profile: 'entra',
    title: 'A page of one user (startIndex=1&count=1)',
    source: 'RFC 7644 §3.4.2.4',
    run: async (ctx) => {
      const ex = await ctx.send('GET', '/Users?startIndex=1&count=1');
      const list = objectOf(ex);
      if (ex.status !== 200) return fail(`The list ${answered(ex)}`);
      const resources = Array.isArray(list?.Resources) ? list.Resources.length : 0;
      if (resources > 1) return fail(`count=1 answered ${resources} resources`);
      return typeof list?.totalResults === 'number' && list.startIndex === 1
        ? pass(`200, ${resources} of ${list.totalResults as number}, startIndex 1`)
        : fail('200, but totalResults or startIndex is missing');
    },
  },
];
