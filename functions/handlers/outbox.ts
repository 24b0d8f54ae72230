import { staffActorOf } from '../acts/actor.js';
import { dayMessages } from '../acts/outbox.js';
import { httpHandler } from '../lib/http.js';
import { api } from '../routes/outbox.js';

/** GET /api/outbox — the day's messages, newest first (hr only: messages carry codes and addresses). */
export const listOutbox = httpHandler(api.listOutbox, async ({ who, query }) =>
  dayMessages(await staffActorOf(who), query),
);
