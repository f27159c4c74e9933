import { describe, expect, it } from 'vitest';
import { isValidCreditCode } from '../../core/validation/creditCode.js';
import { normalizeMobile } from '../../core/validation/mobile.js';
import { CITIES, Random, companyName, creditCode, mobile, orgCodeCheckChar, personName, uniquePeople } from './generators.js';
import { DEMO_SIZES, demoAccountBatches, planDemo } from './demo.js';

const take = <T>(n: number, f: () => T) => Array.from({ length: n }, f);

describe('Random', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const a = new Random(42);
    const b = new Random(42);
    const c = new Random(43);
    const xs = take(20, () => a.next());
    expect(take(20, () => b.next())).toEqual(xs);
    expect(take(20, () => c.next())).not.toEqual(xs);
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
  });

  it('makes well-formed UUIDs', () => {
    const r = new Random(1);
    for (const id of take(100, () => r.uuid())) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('name generator', () => {
  it('gives the same names for the same seed', () => {
    const a = new Random(7);
    const b = new Random(7);
    expect(take(50, () => personName(a))).toEqual(take(50, () => personName(b)));
    const ca = new Random(8);
    const cb = new Random(8);
    expect(take(50, () => companyName(ca, CITIES.上海).name)).toEqual(take(50, () => companyName(cb, CITIES.上海).name));
  });

  it('makes Chinese person names of 2–4 characters, mostly distinct', () => {
    const r = new Random(1);
    const names = take(1000, () => personName(r).name);
    for (const n of names) expect(n).toMatch(/^[\u4e00-\u9fff]{2,4}$/);
    expect(new Set(names).size).toBeGreaterThan(900);
  });

  it('uniquePeople gives distinct names and e-mail local parts', () => {
    const people = uniquePeople(new Random(3), 200);
    expect(new Set(people.map((p) => p.name)).size).toBe(200);
    expect(new Set(people.map((p) => p.pinyin)).size).toBe(200);
    for (const p of people) expect(p.pinyin).toMatch(/^[a-z]+\d*$/);
  });

  it('makes plausible company names, almost all distinct', () => {
    const r = new Random(5);
    const names = take(5000, () => companyName(r, CITIES.杭州).name);
    for (const n of names) expect(n).toMatch(/(有限公司)$/);
    expect(names.some((n) => n.startsWith('杭州'))).toBe(true);
    expect(new Set(names).size).toBeGreaterThan(4900);
  });
});

describe('credit codes and phones', () => {
  it('generates credit codes with a correct GB 32100 check character and the division code', () => {
    const r = new Random(9);
    for (const code of take(2000, () => creditCode(r, '310115'))) {
      expect(isValidCreditCode(code)).toBe(true);
      expect(code.slice(0, 8)).toBe('91310115');
      expect(orgCodeCheckChar(code.slice(8, 16))).toBe(code[16]);
    }
  });

  it('computes the GB 11714 organization code check character', () => {
    expect(orgCodeCheckChar('70846113')).toBe('6'); // 腾讯 9144030070846113 6 T
    expect(orgCodeCheckChar('M000100Y')).toBe('4'); // 91350100 M000100Y 4 3
  });

  it('generates valid mainland mobiles', () => {
    const r = new Random(11);
    for (const m of take(500, () => mobile(r))) expect(normalizeMobile(m)).toBe(m);
  });
});

describe('demo plan', () => {
  it('is deterministic, with unique people and identifiers', () => {
    const a = planDemo('small');
    const b = planDemo('small');
    expect(b.users).toEqual(a.users);
    expect(b.departments).toEqual(a.departments);
    expect(a.orgId).toBe(DEMO_SIZES.small.orgId);
    expect(a.users).toHaveLength(30);
    const identifiers = a.users.flatMap((u) => [u.email, u.mobile]);
    expect(new Set(identifiers).size).toBe(identifiers.length);
    expect(a.admin.email).toBe('admin@demo.luodi.cn');
    expect(a.users.filter((u) => u.role === 'director')).toHaveLength(1);
    expect(a.users.filter((u) => u.role === 'manager')).toHaveLength(3);
    expect(planDemo('large').users).toHaveLength(65);
  });

  it('generates the same accounts every time, unique names and credit codes, owned by reps', () => {
    const rows = (plan = planDemo('small')) => [...demoAccountBatches(plan, 100)].flatMap((b) => b.accounts);
    const a = rows();
    expect(rows()).toEqual(a);
    expect(a).toHaveLength(300);
    expect(new Set(a.map((r) => r.name)).size).toBe(300);
    const codes = a.map((r) => r.creditCode).filter((c): c is string => !!c);
    expect(new Set(codes).size).toBe(codes.length);
    const plan = planDemo('small');
    const reps = new Map(plan.users.filter((u) => u.role === 'rep').map((u) => [u.id, u]));
    for (const r of a) {
      expect(reps.get(r.ownerId!)?.departmentId).toBe(r.departmentId);
      expect(r.createdAt!.getTime()).toBeLessThan(new Date('2026-11-01T00:00:00+08:00').getTime());
      expect(r.createdAt!.getTime()).toBeGreaterThan(new Date('2024-10-30T00:00:00+08:00').getTime());
    }
  });
});
