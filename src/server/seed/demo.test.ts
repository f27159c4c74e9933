import { describe, expect, it } from 'vitest';
import { getTestDatabase } from '../test/testDatabase.js';
import { verifyPassword } from '../platform/auth/passwords.js';
import { DEMO_PASSWORD, DEMO_SIZES, demoAccountBatches, planDemo, seedDemo, seedDemoWithReport } from './demo.js';

describe('seedDemo (small)', () => {
  it('creates the demo organization once, with departments, people and accounts', async () => {
    const database = await getTestDatabase();
    const first = await seedDemo(database, { size: 'small' });
    expect(first.orgId).toBe(DEMO_SIZES.small.orgId);
    expect(first.credentials).toEqual({ identifier: 'admin@demo.luodi.cn', password: DEMO_PASSWORD });

    // a second run (or one by another test file on a shared PostgreSQL) changes nothing
    const again = await seedDemoWithReport(database, { size: 'small' });
    expect(again.created).toBe(false);
    expect(again.adminUserId).toBe(first.adminUserId);

    // On a shared PostgreSQL other test files may add rows to the demo organization: check the seeded ones.
    const plan = planDemo('small');
    const deptIds = plan.departments.map((d) => d.id);
    const userIds = plan.users.map((u) => u.id);
    const accountIds = [...demoAccountBatches(plan)].flatMap((b) => b.accounts.map((a) => a.id!));
    const orgId = first.orgId;
    const q = <R extends Record<string, unknown>>(text: string, ids: string[]) => database.query<R>(text, [orgId, ids]);

    const depts = await q<{ name: string; parent: string | null; manager_role: string | null }>(
      `select d.name, p.name as parent, r.key as manager_role from departments d
         left join departments p on p.org_id = d.org_id and p.id = d.parent_id
         left join users u on u.org_id = d.org_id and u.id = d.manager_id
         left join roles r on r.org_id = u.org_id and r.id = u.role_id
       where d.org_id = $1 and d.id = any($2::uuid[])`,
      deptIds,
    );
    const byName = new Map(depts.map((d) => [d.name, d]));
    expect(depts).toHaveLength(11);
    expect(byName.get('落地演示科技有限公司')?.parent).toBeNull();
    expect(byName.get('销售中心')).toMatchObject({ parent: '落地演示科技有限公司', manager_role: 'director' });
    for (const region of ['华东大区', '华北大区', '华南大区']) {
      expect(byName.get(region)).toMatchObject({ parent: '销售中心', manager_role: 'manager' });
    }
    for (const [group, region] of [['上海组', '华东大区'], ['杭州组', '华东大区'], ['北京组', '华北大区'], ['天津组', '华北大区'], ['广州组', '华南大区'], ['深圳组', '华南大区']]) {
      expect(byName.get(group!)?.parent).toBe(region);
    }

    const roleCounts = await q<{ key: string; n: number }>(
      `select r.key, count(*)::int as n from users u join roles r on r.org_id = u.org_id and r.id = u.role_id where u.org_id = $1 and u.id = any($2::uuid[]) group by r.key`,
      userIds,
    );
    expect(Object.fromEntries(roleCounts.map((r) => [r.key, r.n]))).toEqual({ admin: 1, director: 1, manager: 3, rep: 25 });

    const [accounts] = await q<{ n: number; names: number; bad_dept: number; non_rep: number }>(
      `select count(*)::int as n, count(distinct a.name)::int as names,
              count(*) filter (where a.department_id is distinct from u.department_id)::int as bad_dept,
              count(*) filter (where r.key <> 'rep')::int as non_rep
         from accounts a join users u on u.org_id = a.org_id and u.id = a.owner_id
         join roles r on r.org_id = u.org_id and r.id = u.role_id
        where a.org_id = $1 and a.id = any($2::uuid[])`,
      accountIds,
    );
    expect(accounts).toEqual({ n: 300, names: 300, bad_dept: 0, non_rep: 0 });

    const [audit] = await q<{ n: number }>(
      `select count(*)::int as n from audit_events where org_id = $1 and object_type = 'accounts' and action = 'create' and record_id = any($2::uuid[])`,
      accountIds,
    );
    expect(audit?.n).toBe(300);

    // every user can sign in: both identifiers are in the directory; the admin with the demo password
    const [ids] = await q<{ n: number }>(`select count(*)::int as n from sign_in_identities where org_id = $1 and user_id = any($2::uuid[])`, userIds);
    expect(ids?.n).toBe(60);
    const [admin] = await database.query<{ user_id: string; password_hash: string }>(
      `select i.user_id, u.password_hash from sign_in_identities i join users u on u.org_id = i.org_id and u.id = i.user_id
        where i.identifier = 'admin@demo.luodi.cn'`,
    );
    expect(admin?.user_id).toBe(first.adminUserId);
    expect(await verifyPassword(admin!.password_hash, DEMO_PASSWORD)).toBe(true);
  });
});
