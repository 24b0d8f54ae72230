/**
 * The one zod of the functions: `zod/mini`, whose functional checks a bundler keeps only where used (a
 * Lambda bundle carries what its routes' schemas use, not all of zod: issue 14 §7), with zod's Chinese
 * messages for any check a schema does not word itself (zod/mini loads no locale of its own; the schemas
 * word most of their messages in Chinese). Every schema under functions/ is written with this `z`:
 * `import { z } from './zod.js'` in the domain, `'../domain/zod.js'` elsewhere.
 */
import * as z from 'zod/mini';
import zhCN from 'zod/v4/locales/zh-CN.js';

z.config(zhCN());

export { z };
