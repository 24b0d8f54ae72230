/**
 * The header row of a small staff list (a batch of certificate numbers, China Post's tracking and
 * delivery files): each column by its English key or its Chinese label, required or not. Pure.
 */
import { DomainError, type FieldIssue } from './errors.js';

export type ListColumns<K extends string> = Record<K, { label: string; required: boolean }>;

/** Where each column is in the header row; 400 naming the missing (or repeated) columns otherwise. */
export function readListHeader<K extends string>(
  columns: ListColumns<K>,
  cells: readonly string[],
): Partial<Record<K, number>> {
  const keys = Object.keys(columns) as K[];
  const at: Partial<Record<K, number>> = {};
  const fields: FieldIssue[] = [];
  cells.forEach((raw, i) => {
    const cell = raw.replace(/^\uFEFF/, '').trim();
    const k = keys.find((c) => c === cell || columns[c].label === cell);
    if (!k) return;
    if (at[k] !== undefined)
      fields.push({ field: k, message: `“${columns[k].label}”（${k}）列出现了不止一次` });
    at[k] = i;
  });
  for (const k of keys)
    if (columns[k].required && at[k] === undefined)
      fields.push({ field: k, message: `缺少“${columns[k].label}”（${k}）列` });
  if (fields.length)
    throw new DomainError('VALIDATION', `表头不正确：${fields.map((f) => f.message).join('；')}`, { fields });
  return at;
}

/** A data row's cell of a column (trimmed; '' when the column is absent). */
export const cellOf =
  <K extends string>(header: Partial<Record<K, number>>, cells: readonly string[]) =>
  (k: K): string => {
    const at = header[k];
    return at === undefined ? '' : (cells[at] ?? '').trim();
  };
