import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { deals, recordShares } from '../../platform/db/schema.js';
import { createTestDepartment } from '../../test/factories.js';
import { testDatabaseKind } from '../../test/testDatabase.js';
import { DAY_MS, insertDeal, setUserInactive, setupCollab, T0, warmCollab, type CollabCtx } from './deal-teams.testkit.js';

/** helper D's deal detail route, once it is registered; else the team endpoint shows visibility */
const dealsRouteExists = existsSync(fileURLToPath(new URL('../deals/deals.routes.ts', import.meta.url)));

async function canSeeDeal(ctx: CollabCtx, session: Parameters<CollabCtx['call']>[0], dealId: string): Promise<boolean> {
  const team = await ctx.call(session, 'GET', `/deals/${dealId}/team`);
  expect([200, 404]).toContain(team.statusCode);
  if (dealsRouteExists) {
    const detail = await ctx.call(session, 'GET', `/deals/${dealId}`);
    if (detail.statusCode !== 404 || detail.json().error?.code !== 'ROUTE_NOT_FOUND') {
      expect(detail.statusCode === 200).toBe(team.statusCode === 200);
    }
  }
  return team.statusCode === 200;
}

describe(`deal teams on ${testDatabaseKind()}`, () => {
  // the first start (migrations, app) is slow on a busy machine
  beforeAll(async () => {
    await warmCollab();
  }, 180_000);

  it('members see the deal whatever their data scope; non-members do not; removal takes the access back', async () => {
    const ctx = await setupCollab();
    const deptA = await createTestDepartment(ctx.database, ctx.org.orgId, { parentId: ctx.org.rootDepartmentId });
    const deptB = await createTestDepartment(ctx.database, ctx.org.orgId, { parentId: ctx.org.rootDepartmentId });
    const owner = await ctx.newUser({ departmentId: deptA });
    const presales = await ctx.newUser({ departmentId: deptB }); // role 'rep': data scope 'own'
    const outsider = await ctx.newUser({ departmentId: deptB });
    const dealId = await insertDeal(ctx.database, ctx.org.orgId, { ownerId: owner.id, departmentId: deptA, pipelineId: ctx.pipelineId });

    expect(await canSeeDeal(ctx, presales.session, dealId)).toBe(false);
    const put = await ctx.call(owner.session, 'PUT', `/deals/${dealId}/team`, {
      members: [
        { userId: owner.id, role: 'owner', creditPercent: 70 },
        { userId: presales.id, role: 'presales', creditPercent: 30 },
      ],
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json().members).toEqual([
      { userId: owner.id, userName: owner.displayName, role: 'owner', creditPercent: 70 },
      { userId: presales.id, userName: presales.displayName, role: 'presales', creditPercent: 30 },
    ]);
    expect(await canSeeDeal(ctx, presales.session, dealId)).toBe(true);
    expect(await canSeeDeal(ctx, outsider.session, dealId)).toBe(false);

    // a member (who sees the deal only through the team) may not change the team
    const byMember = await ctx.call(presales.session, 'PUT', `/deals/${dealId}/team`, { members: [{ userId: presales.id, role: 'owner', creditPercent: 100 }] });
    expect(byMember.statusCode).toBe(403);
    expect(byMember.json().error.code).toBe('DEAL_TEAM_FORBIDDEN');
    // an outsider does not even learn that it exists
    expect((await ctx.call(outsider.session, 'PUT', `/deals/${dealId}/team`, { members: [] })).statusCode).toBe(404);

    // replace-all: the presales member leaves and loses access
    const replaced = await ctx.call(ctx.admin, 'PUT', `/deals/${dealId}/team`, { members: [{ userId: owner.id, role: 'owner', creditPercent: 100 }] });
    expect(replaced.statusCode, replaced.body).toBe(200);
    expect(replaced.json().members.map((m: { userId: string }) => m.userId)).toEqual([owner.id]);
    expect(await canSeeDeal(ctx, presales.session, dealId)).toBe(false);
  });

  it('refuses a split that does not sum to 100, naming the field, and keeps the team', async () => {
    const ctx = await setupCollab();
    const owner = await ctx.newUser();
    const other = await ctx.newUser();
    const dealId = await insertDeal(ctx.database, ctx.org.orgId, { ownerId: owner.id, departmentId: ctx.org.rootDepartmentId, pipelineId: ctx.pipelineId });
    expect((await ctx.call(owner.session, 'PUT', `/deals/${dealId}/team`, { members: [{ userId: owner.id, role: 'owner', creditPercent: 100 }] })).statusCode).toBe(200);

    const bad = await ctx.call(owner.session, 'PUT', `/deals/${dealId}/team`, {
      members: [
        { userId: owner.id, role: 'owner', creditPercent: 60 },
        { userId: other.id, role: 'support', creditPercent: 30 },
      ],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields).toEqual([{ field: 'members.creditPercent', message: 'credit splits of the team must add up to 100 % (now 90 %)' }]);

    const fraction = await ctx.call(owner.session, 'PUT', `/deals/${dealId}/team`, {
      members: [
        { userId: owner.id, role: 'owner', creditPercent: 50.5 },
        { userId: other.id, role: 'boss', creditPercent: 49.5 },
      ],
    });
    expect(fraction.statusCode).toBe(400);
    expect(fraction.json().error.fields.map((f: { field: string }) => f.field)).toEqual(['members.0.creditPercent', 'members.1.role', 'members.1.creditPercent']);

    await setUserInactive(ctx.database, ctx.org.orgId, other.id);
    const inactive = await ctx.call(owner.session, 'PUT', `/deals/${dealId}/team`, {
      members: [
        { userId: owner.id, role: 'owner', creditPercent: 50 },
        { userId: other.id, role: 'support', creditPercent: 50 },
      ],
    });
    expect(inactive.statusCode).toBe(400);
    expect(inactive.json().error.fields).toEqual([{ field: 'members.1.userId', message: 'must be an active user of the organization' }]);

    const team = await ctx.call(owner.session, 'GET', `/deals/${dealId}/team`);
    expect(team.json().members).toEqual([{ userId: owner.id, userName: owner.displayName, role: 'owner', creditPercent: 100 }]);
  });

  it('a team change is an update of the deal (rotting ends), is audited, and keeps other shares of a member', async () => {
    const ctx = await setupCollab();
    const owner = await ctx.newUser();
    const helper = await ctx.newUser();
    const dealId = await insertDeal(ctx.database, ctx.org.orgId, { ownerId: owner.id, departmentId: ctx.org.rootDepartmentId, pipelineId: ctx.pipelineId });
    const now = new Date(T0.getTime() + 10 * DAY_MS);
    ctx.clock.set(now);
    await ctx.database.withTenant(ctx.org.orgId, async (tx) => {
      await tx.update(deals).set({ rottingSince: new Date(T0.getTime() + 8 * DAY_MS) }).where(and(eq(deals.orgId, ctx.org.orgId), eq(deals.id, dealId)));
      // the helper also had the deal shared by hand
      await tx.insert(recordShares).values({ orgId: ctx.org.orgId, objectType: 'deals', recordId: dealId, userId: helper.id, role: 'manual' });
    });
    const put = (members: unknown[]) => ctx.call(owner.session, 'PUT', `/deals/${dealId}/team`, { members });
    expect((await put([{ userId: owner.id, role: 'owner', creditPercent: 50 }, { userId: helper.id, role: 'support', creditPercent: 50 }])).statusCode).toBe(200);
    const [row] = await ctx.database.withTenant(ctx.org.orgId, (tx) =>
      tx.select({ lastUpdateAt: deals.lastUpdateAt, rottingSince: deals.rottingSince }).from(deals).where(and(eq(deals.orgId, ctx.org.orgId), eq(deals.id, dealId))),
    );
    expect(row).toEqual({ lastUpdateAt: now, rottingSince: null });

    expect((await put([{ userId: owner.id, role: 'owner', creditPercent: 100 }])).statusCode).toBe(200);
    // the manual share stays: the helper still sees the deal
    expect(await canSeeDeal(ctx, helper.session, dealId)).toBe(true);

    const timeline = await ctx.call(ctx.admin, 'GET', `/timeline?objectType=deals&recordId=${dealId}`);
    const teamChanges = timeline.json().items.filter((i: { kind: string; data: { action: string } }) => i.kind === 'field_change' && i.data.action === 'team');
    expect(teamChanges).toHaveLength(2);
    expect(teamChanges[0].data.changes[0]).toMatchObject({ field: 'team', new: [{ userId: owner.id, role: 'owner', creditPercent: 100 }] });
    expect(teamChanges[0].actorName).toBe(owner.displayName);
  });
});
