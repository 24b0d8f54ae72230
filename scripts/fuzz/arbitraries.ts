/**
 * fast-check arbitraries from zod schemas (zod 4's `_zod.def`), for the fuzzer (scripts/fuzz.ts): values
 * of the right shape within the schema's checks (lengths, patterns, bounds, enums), so that a good share
 * passes the schema and reaches the handler; refinements a generator cannot know (a real date, a Henan
 * city) are met by drawing from a pool of strings seen in the seeded tables. Unknown kinds of schema
 * get any JSON value.
 */
import fc from 'fast-check';
import * as z from 'zod';

// biome-ignore lint/suspicious/noExplicitAny: zod's internal definitions are untyped here
type Def = any;
const defOf = (s: z.core.$ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

export const jsonValue: fc.Arbitrary<unknown> = fc.jsonValue({ maxDepth: 3 });

interface StringChecks {
  min: number;
  max: number;
  patterns: RegExp[];
  email: boolean;
}

function stringChecks(def: Def): StringChecks {
  const out: StringChecks = { min: 0, max: 80, patterns: [], email: false };
  let maxSet = false;
  for (const c of def.checks ?? []) {
    const d = c._zod.def;
    if (d.check === 'min_length') out.min = Math.max(out.min, d.minimum);
    if (d.check === 'max_length') {
      out.max = maxSet ? Math.min(out.max, d.maximum) : d.maximum;
      maxSet = true;
    }
    if (d.check === 'length_equals') {
      out.min = d.length;
      out.max = d.length;
      maxSet = true;
    }
    if (d.check === 'string_format' && d.format === 'regex' && d.pattern) out.patterns.push(d.pattern);
    if (d.check === 'string_format' && d.format === 'email') out.email = true;
  }
  if (def.format === 'email') out.email = true;
  if (!maxSet) out.max = Math.max(out.min + 40, 80);
  return out;
}

function fits(s: string, c: StringChecks): boolean {
  return s.length >= c.min && s.length <= c.max && c.patterns.every((p) => new RegExp(p.source).test(s));
}

function stringArb(def: Def, pool: readonly string[]): fc.Arbitrary<string> {
  const c = stringChecks(def);
  const fromPool = pool.filter((s) => fits(s, c));
  let base: fc.Arbitrary<string>;
  if (c.email) base = fc.emailAddress();
  else if (c.patterns.length)
    base = fc.stringMatching(new RegExp((c.patterns[0] as RegExp).source)).filter((s) => s.length <= c.max);
  else {
    const len = { minLength: c.min, maxLength: Math.min(c.max, c.min + 60) };
    base = fc.oneof(
      fc.string({ ...len, unit: 'grapheme' }),
      fc.string(len),
      // Chinese text, as most free-text fields hold
      fc.array(fc.integer({ min: 0x4e00, max: 0x9fa5 }), len).map((cs) => String.fromCodePoint(...cs)),
    );
  }
  return fromPool.length ? fc.oneof({ arbitrary: fc.constantFrom(...fromPool), weight: 2 }, base) : base;
}

function numberArb(def: Def): fc.Arbitrary<number> {
  let min = Number.NEGATIVE_INFINITY;
  let max = Number.POSITIVE_INFINITY;
  let int = false;
  for (const c of def.checks ?? []) {
    const d = c._zod.def;
    if (d.check === 'greater_than') min = Math.max(min, d.inclusive ? d.value : d.value + (int ? 1 : 1e-9));
    if (d.check === 'less_than') max = Math.min(max, d.inclusive ? d.value : d.value - (int ? 1 : 1e-9));
    if (d.check === 'number_format') {
      int = /int/.test(d.format);
      if (d.minimum !== undefined) min = Math.max(min, d.minimum);
      if (d.maximum !== undefined) max = Math.min(max, d.maximum);
    }
    if (d.check === 'multiple_of' && d.value === 1) int = true;
  }
  if (def.format && /int/.test(def.format)) int = true;
  // unbounded below: mostly non-negative (the mutations send negatives)
  const lo = Number.isFinite(min) ? min : Number.isFinite(max) ? Math.min(0, max) : 0;
  const hi = Number.isFinite(max) ? max : lo + 2000;
  return int
    ? fc.integer({ min: Math.ceil(lo), max: Math.floor(hi) })
    : fc.double({ min: lo, max: hi, noNaN: true, noDefaultInfinity: true });
}

/** An arbitrary of values shaped as `schema` wants (most pass it; refinements may refuse some). */
export function arbitraryOf(
  schema: z.core.$ZodType,
  pool: readonly string[] = [],
  depth = 0,
): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  const inner = (s: z.core.$ZodType) => arbitraryOf(s, pool, depth + 1);
  if (depth > 12) return jsonValue;
  switch (def.type) {
    case 'string':
      return stringArb(def, pool);
    case 'number':
    case 'int':
      return numberArb(def);
    case 'boolean':
      return fc.boolean();
    case 'literal':
      return fc.constantFrom(...(def.values as unknown[]));
    case 'enum':
      return fc.constantFrom(...Object.values(def.entries as Record<string, unknown>));
    case 'null':
      return fc.constant(null);
    case 'undefined':
    case 'void':
      return fc.constant(undefined);
    case 'optional':
      return fc.option(inner(def.innerType), { nil: undefined, freq: 2 });
    case 'nullable':
      return fc.option(inner(def.innerType), { nil: null, freq: 4 });
    case 'default':
    case 'prefault':
      return fc.option(inner(def.innerType), { nil: undefined, freq: 3 });
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return inner(def.innerType);
    case 'lazy':
      return inner(def.getter());
    case 'pipe':
      // z.preprocess(fn, s) is pipe(transform, s): generate for what the transform hands on
      return defOf(def.in).type === 'transform' ? inner(def.out) : inner(def.in);
    case 'union':
      return fc.oneof(...(def.options as z.core.$ZodType[]).map(inner));
    case 'array': {
      const c = stringChecks(def);
      return fc.array(inner(def.element), { minLength: c.min, maxLength: Math.min(c.max, c.min + 5) });
    }
    case 'tuple':
      return fc.tuple(...(def.items as z.core.$ZodType[]).map(inner));
    case 'record':
      return fc.dictionary(
        arbitraryOf(def.keyType, pool, depth + 1).map(String),
        arbitraryOf(def.valueType, pool, depth + 1),
        { maxKeys: 4 },
      );
    case 'object': {
      const shape = def.shape as Record<string, z.core.$ZodType>;
      const entries = Object.entries(shape).map(([k, s]) => [k, inner(s)] as const);
      return fc.record(Object.fromEntries(entries)).map((o) => {
        // optional fields drawn as undefined are left out, as a client would leave them out
        const r: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(o)) if (v !== undefined) r[k] = v;
        return r;
      });
    }
    default:
      return jsonValue;
  }
}

/** The keys of an object schema (through optional/default/pipe wrappers), for mutations; [] if none. */
export function objectKeys(schema: z.core.$ZodType | undefined): string[] {
  if (!schema) return [];
  const def = defOf(schema);
  if (def.type === 'object') return Object.keys(def.shape);
  if (def.innerType) return objectKeys(def.innerType);
  if (def.type === 'pipe') return objectKeys(def.in).length ? objectKeys(def.in) : objectKeys(def.out);
  return [];
}

/** The shape of an object schema (through optional/default/pipe wrappers), or null. */
function shapeOf(schema: z.core.$ZodType): Record<string, z.core.$ZodType> | null {
  const def = defOf(schema);
  if (def.type === 'object') return def.shape;
  if (def.innerType) return shapeOf(def.innerType);
  if (def.type === 'pipe') return defOf(def.in).type === 'transform' ? shapeOf(def.out) : shapeOf(def.in);
  return null;
}

/**
 * Values for an object schema taken from real objects (seeded items, earlier answers) that hold most of
 * its keys: what cross-field refinements want (an exam's year and dates agree) a generator cannot know,
 * but a stored exam has it. Keys the object lacks are generated; nested objects are projected likewise.
 * Null when no object fits.
 */
export function projectedOf(
  schema: z.core.$ZodType,
  objects: readonly Record<string, unknown>[],
  pool: readonly string[] = [],
  depth = 0,
): fc.Arbitrary<unknown> | null {
  const shape = shapeOf(schema);
  if (!shape || depth > 4) return null;
  const keys = Object.keys(shape);
  const fitting = objects.filter((o) => keys.filter((k) => k in o).length * 2 >= keys.length);
  const parts = Object.fromEntries(
    keys.map((k) => {
      const s = shape[k] as z.core.$ZodType;
      return [k, projectedOf(s, objects, pool, depth + 1) ?? arbitraryOf(s, pool, depth + 1)] as const;
    }),
  );
  const nestedOnly = keys.some((k) => shapeOf(shape[k] as z.core.$ZodType));
  if (!fitting.length && !nestedOnly) return null;
  return fc
    .record({
      from: fitting.length ? fc.constantFrom(...fitting) : fc.constant({} as Record<string, unknown>),
      gen: fc.record(parts),
      keepOptional: fc.boolean(),
    })
    .map(({ from, gen, keepOptional }) => {
      const out: Record<string, unknown> = {};
      for (const k of keys) {
        const optional = z.safeParse(shape[k] as z.core.$ZodType, undefined).success;
        if (k in from && from[k] !== undefined) out[k] = from[k];
        else if (!optional || keepOptional) {
          if (gen[k] !== undefined) out[k] = gen[k];
        }
      }
      return out;
    });
}
