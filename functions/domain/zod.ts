/**
 * The one zod of the functions: `zod/mini`, whose functional checks a bundler keeps only where used (a
 * Lambda bundle carries what its routes' schemas use, not all of zod: issue 14 §7), with zod's Chinese
 * messages for any check a schema does not word itself (zod/mini loads no locale of its own; the schemas
 * word most of their messages in Chinese). Every schema under functions/ is written with this zod,
 * imported as a namespace: `import * as z from './zod.js'` in the domain, `'../domain/zod.js'` elsewhere.
 * esbuild keeps only the functions a bundle calls from this file's star re-export; a namespace object
 * exported by name (`export { z }`) would keep all of zod/mini and every locale (about 360 KB minified
 * against 16 KB for an object of strings) in every bundle that imports it.
 */
import * as mini from 'zod/mini';
import zhCN from 'zod/v4/locales/zh-CN.js';

mini.config(zhCN());

export * from 'zod/mini';
