/**
 * Okta's provisioning (Okta's "SCIM 2.0 protocol reference" and its Runscope tests): paging by 100,
 * lookup, create with a password, PUT for profile updates, PATCH for `active`, and group push.
 */
import { GROUP, filterQuery, oktaUser, patch } from './scim-bodies';
import { answered, fail, objectOf, pass, type Step, type StepContext } from './check-step';

const SOURCE = 'Okta: SCIM 2.0 protocol reference';
const USER_NAME = (ctx: StepContext) => `${ctx.prefix}olga@example.com`;
const ok2xx = (status: number | null) => status !== null && status >= 200 && status < 300;

async function read(ctx: StepContext, name: string) {
  const ex = await ctx.send('GET', ctx.path(name));
  return ex.status === 200 ? objectOf(ex) : null;
}

export const OKTA_STEPS: Step[] = [
  {
    id: 'okta-paging',
    profile: 'okta',
    title: 'Import: list users a page of 100 at a time (startIndex=1&count=100)',
    source: `${SOURCE} ("Retrieve Users")`,
    run: async (ctx) => {
      const ex = await ctx.send('GET', '/Users?startIndex=1&count=100');
      const list = objectOf(ex);
      if (ex.status !== 200) return fail(`The list ${answered(ex)}`, 'Okta cannot import users from this server');
      const n = Array.isArray(list?.Resources) ? list.Resources.length : -1;
      if (typeof list?.totalResults !== 'number' || n < 0)
        return fail('200, but not a ListResponse with totalResults and Resources');
      return n <= 100 ? pass(`200, ${n} of ${list.totalResults as number}`) : fail(`count=100 answered ${n} resources`);
    },
  },
  {
    id: 'okta-lookup',
    profile: 'okta',
    title: 'Before creating, the user is looked up by userName',
    source: SOURCE,
    run: async (ctx) => {
      const ex = await ctx.send(
        'GET',
        `/Users?${filterQuery(`userName eq "${USER_NAME(ctx)}"`)}&startIndex=1&count=100`,
      );
      if (ex.status !== 200) return fail(`The lookup ${answered(ex)}`, 'Okta matches users by this lookup');
      return objectOf(ex)?.totalResults === 0
        ? pass('200 with totalResults 0')
        : fail('The user exists before it was created');
    },
  },
  {
    id: 'okta-create',
    profile: 'okta',
    title: 'Create the user as Okta sends it (with a password)',
    source: `${SOURCE} ("Create the user")`,
    needs: ['okta-lookup'],
    run: async (ctx) => {
      const ex = await ctx.send('POST', '/Users', oktaUser(USER_NAME(ctx)));
      const user = objectOf(ex);
      if (ex.status !== 201) return fail(`The create ${answered(ex)}`, 'Okta cannot push users to this server');
      const id = await ctx.own('olga', 'Users', ex);
      if (user && 'password' in user)
        return fail('201, but the answer returns the password', 'RFC 7643 §4.1.1: a password is never returned');
      return pass(`201 with id ${id}`);
    },
  },
  {
    id: 'okta-put',
    profile: 'okta',
    title: 'Update the profile with PUT (the whole user)',
    source: `${SOURCE} ("Update a specific user (PUT)")`,
    needs: ['okta-create'],
    run: async (ctx) => {
      const user = await read(ctx, 'olga');
      if (!user) return fail('The user could not be read');
      const ex = await ctx.send('PUT', ctx.path('olga'), {
        ...user,
        name: { givenName: 'Olga', familyName: 'Checked' },
      });
      if (ex.status !== 200)
        return fail(
          `The PUT ${answered(ex)}`,
          'Okta sends every profile change as a PUT; refused, no change reaches the app',
        );
      const after = await read(ctx, 'olga');
      return (after?.name as { familyName?: string } | undefined)?.familyName === 'Checked'
        ? pass('200, and reading the user back shows the new familyName')
        : fail('200, but the new familyName was not kept');
    },
  },
  {
    id: 'okta-deactivate',
    profile: 'okta',
    title: 'Deactivate with PATCH replace { active: false }',
    source: `${SOURCE} ("Update a specific user (PATCH)")`,
    needs: ['okta-create'],
    run: async (ctx) => {
      const ex = await ctx.send('PATCH', ctx.path('olga'), patch({ op: 'replace', value: { active: false } }));
      if (!ok2xx(ex.status))
        return fail(`The PATCH ${answered(ex)}`, 'Okta deactivates users this way; refused, leavers keep access');
      return (await read(ctx, 'olga'))?.active === false
        ? pass(`${ex.status}, and the user is inactive`)
        : fail(`${ex.status}, but the user is still active`);
    },
  },
  {
    id: 'okta-group-push',
    profile: 'okta',
    title: 'Group push: create the group, add the user, rename, remove the member by a filtered path',
    source: `${SOURCE} ("Create Groups", "Update a specific Group name", "Update specific Group membership")`,
    needs: ['okta-create'],
    uses: ['groups'],
    run: async (ctx) => {
      const created = await ctx.send('POST', '/Groups', {
        schemas: [GROUP],
        displayName: `${ctx.prefix}pushed`,
        members: [],
      });
      if (created.status !== 201) return fail(`The create ${answered(created)}`, 'Okta cannot push groups');
      const id = await ctx.own('pushed', 'Groups', created);
      const path = ctx.path('pushed');
      const user = ctx.ids.get('olga')!.id;
      const add = await ctx.send(
        'PATCH',
        path,
        patch({ op: 'add', path: 'members', value: [{ value: user, display: USER_NAME(ctx) }] }),
      );
      if (!ok2xx(add.status)) return fail(`Adding the member ${answered(add)}`);
      const rename = await ctx.send(
        'PATCH',
        path,
        patch({ op: 'replace', value: { id, displayName: `${ctx.prefix}renamed` } }),
      );
      if (!ok2xx(rename.status))
        return fail(
          `Renaming ${answered(rename)}`,
          'Okta renames pushed groups with a path-less replace that repeats the id',
        );
      const remove = await ctx.send(
        'PATCH',
        path,
        // A filter's value is a JSON string (RFC 7644 §3.4.2.2): an id holding a quote stays one value.
        patch({ op: 'remove', path: `members[value eq ${JSON.stringify(user)}]` }),
      );
      if (!ok2xx(remove.status)) return fail(`Removing the member ${answered(remove)}`);
      const group = await read(ctx, 'pushed');
      if (group?.displayName !== `${ctx.prefix}renamed`) return fail('The rename was answered, but not kept');
      const members = (group.members ?? []) as { value?: string }[];
      return members.length === 0
        ? pass('Created, member added, renamed, member removed — each kept')
        : fail('The member removal was answered, but not kept');
    },
  },
];
