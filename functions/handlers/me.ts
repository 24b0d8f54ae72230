import { actorOf } from '../acts/actor.js';
import { whoAmI } from '../acts/session.js';
import { httpHandler } from '../lib/http.js';
import { api } from '../routes/me.js';

/** GET /api/me — a candidate's own records across exams, or a staff member's department. */
export const getMe = httpHandler(api.getMe, async ({ who }) => whoAmI(await actorOf(who)));
