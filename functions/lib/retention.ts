/**
 * Retention of personal data that no longer serves its purpose (PIPL Art. 19, 47; N4), on the schedule
 * docs/architecture.md states. What the bucket's lifecycle rules remove by tag is marked here; the
 * rules themselves are in infra/constructs/files.ts, with these constants.
 */

/** The object tag the files bucket's lifecycle rule removes (materials/ only). */
export const REMOVAL_TAG = { key: 'retention', value: 'forfeited' } as const;

/**
 * R12: a candidate who forfeited takes no further part in the year's verification, so their own
 * uploads are kept no longer: marked at the forfeiture, removed by the lifecycle rule once this many
 * days have passed since the upload (in practice at the rule's next daily run, since uploads come weeks
 * before the supplementary deadline). Materials handed over in a department's ZIP are the department's
 * record and are not marked.
 */
export const FORFEITED_UPLOAD_DAYS = 30;
