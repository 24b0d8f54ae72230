/** The login forms' inputs, shared by the server and the web forms. */
import * as z from 'zod';
import { chineseNameSchema, idNumberSchema } from './candidate.js';

export const staffLoginSchema = z.object({
  username: z.string().trim().min(1, '请输入用户名').max(64),
  password: z.string().min(1, '请输入密码').max(200),
});

export const candidateStartSchema = z.object({ idNumber: idNumberSchema, name: chineseNameSchema });

export const candidateVerifySchema = z.object({
  idNumber: idNumberSchema,
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, '验证码应为6位数字'),
});
