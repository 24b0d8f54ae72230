/**
 * Every string a route takes has a longest length, and every list a most items (issue 14 §1: the full
 * fuzz run found fields without one — an override's reason, a staff account's department — whose 1 MB
 * value passed the schema and made DynamoDB refuse the item, a 500). Bounded by a `max`/`length` check,
 * or by a pattern with no open-ended repetition; enums and literals are bounded by what they list.
 */
import { describe, expect, it } from 'vitest';
import { scheduleOverridesSchema } from '../../functions/domain/schedule.js';
import { staffAccountInputSchema, staffUpdateSchema } from '../../functions/domain/staff.js';
import * as z from '../../functions/domain/zod.js';
import { routes } from '../../functions/routes.js';

interface Def {
  type: string;
  checks?: { _zod: { def: { check: string; format?: string; pattern?: RegExp } } }[];
  [k: string]: unknown;
}
const defOf = (s: unknown): Def => (s as { _zod: { def: Def } })._zod.def;

/** a pattern anchored at both ends whose repetitions are all bounded ({n} or {n,m}) */
const boundedPattern = (p: RegExp) =>
  p.source.startsWith('^') && p.source.endsWith('$') && !/(?<!\\)[*+]|\{\d+,\}/.test(p.source);

function unbounded(schema: unknown, at: string, seen = new Set<unknown>()): string[] {
  if (!schema || seen.has(schema)) return [];
  seen.add(schema);
  const d = defOf(schema);
  const checks = (d.checks ?? []).map((c) => c._zod.def);
  const limited = checks.some(
    (c) =>
      c.check === 'max_length' ||
      c.check === 'length_equals' ||
      (c.check === 'string_format' && c.format === 'regex' && c.pattern && boundedPattern(c.pattern)),
  );
  const inner = (k: string) => unbounded(d[k], at, seen);
  switch (d.type) {
    case 'string':
      return limited ? [] : [at || '(root)'];
    case 'array':
      return [...(limited ? [] : [`${at}[]`]), ...unbounded(d.element, `${at}[]`, seen)];
    case 'object':
      return Object.entries(d.shape as Record<string, unknown>).flatMap(([k, v]) =>
        unbounded(v, at ? `${at}.${k}` : k, seen),
      );
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'nonoptional':
    case 'readonly':
    case 'catch':
      return inner('innerType');
    case 'pipe': {
      // bounded if either end is: a value passes both (a transform bounds nothing)
      const input = inner('in');
      return input.length && unbounded(d.out, at, seen).length ? input : [];
    }
    case 'transform':
      return [at || '(root)'];
    case 'union':
      return (d.options as unknown[]).flatMap((o) => unbounded(o, at, seen));
    case 'record':
      return [...unbounded(d.keyType, `${at}{key}`, seen), ...unbounded(d.valueType, `${at}{}`, seen)];
    case 'lazy':
      return unbounded((d.getter as () => unknown)(), at, seen);
    default:
      return [];
  }
}

describe('route inputs are bounded', () => {
  it('every string field a route takes has a longest length, every list a most items', () => {
    const found = routes.flatMap((r) =>
      (['path', 'query', 'body'] as const).flatMap((part) =>
        unbounded(r.input[part], '', new Set()).map((f) => `${r.method} ${r.path} ${part}.${f}`),
      ),
    );
    expect(found).toEqual([]);
  });
});

describe('the fields the full fuzz run found unbounded', () => {
  const issues = (schema: z.ZodMiniType, v: unknown) =>
    (z.safeParse(schema, v).error?.issues ?? []).map((i) => [i.path.join('.'), i.message]);
  it('an override reason over 200 characters and a department id over 64 are refused, each naming its field', () => {
    expect(issues(scheduleOverridesSchema, { reason: '因'.repeat(200) })).toEqual([]);
    expect(issues(scheduleOverridesSchema, { reason: '因'.repeat(201) })).toEqual([
      ['reason', '调整原因不超过200字'],
    ]);
    const account = { username: 'zz.clerk', deptId: 'd'.repeat(64), password: 'Str0ng-Passw0rd!' };
    expect(issues(staffAccountInputSchema, account)).toEqual([]);
    expect(issues(staffAccountInputSchema, { ...account, deptId: 'd'.repeat(65) })).toEqual([
      ['deptId', '部门编号不超过64个字符'],
    ]);
    expect(issues(staffUpdateSchema, { deptId: 'd'.repeat(65) })).toEqual([
      ['deptId', '部门编号不超过64个字符'],
    ]);
  });
});
