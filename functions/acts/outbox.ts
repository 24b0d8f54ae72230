/** The outbox as hr supervises it (R24): a day's messages, addresses masked, login codes hidden (N4). */
import { todayInChina } from '../domain/calendar.js';
import { authorize } from '../domain/departments.js';
import { staffMessageView } from '../domain/outbox.js';
import { now } from '../lib/clock.js';
import { messagesOfDay } from '../lib/outbox.js';
import type { StaffActor } from './actor.js';

export async function dayMessages(actor: StaffActor, q: { day?: string | undefined; limit: number }) {
  authorize(actor.dept, 'outbox.read');
  const day = q.day ?? todayInChina(now());
  const items = (await messagesOfDay(day, q.limit)).map((m) =>
    staffMessageView(m, process.env.LOCAL_MODE === 'true'),
  );
  return { day, items };
}
