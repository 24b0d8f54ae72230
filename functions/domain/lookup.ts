/**
 * The look-up of a candidate number on a published notice (R6) without the API: entries are filed in
 * LOOKUP_SHARDS static files by a hash of the number, which the browser computes the same way
 * (web/public/notice-lookup.ts). Kept apart from notices.ts so the page's script stays small.
 */

/** Lookup shards: a candidate number's entry is found without the API in one of these static files. */
export const LOOKUP_SHARDS = 64;

/** The key a candidate number is looked up by (spaces and case ignored, as the browser does). */
export const lookupKey = (candidateNo: string): string => candidateNo.trim().toUpperCase();

/** The lookup shard of a candidate number (FNV-1a of its characters, so the browser computes the same). */
export function lookupShard(candidateNo: string): number {
  let h = 0x811c9dc5;
  for (const ch of lookupKey(candidateNo)) {
    h ^= ch.codePointAt(0) as number;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % LOOKUP_SHARDS;
}
