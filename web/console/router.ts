/**
 * Console routing by query string, so every view — including a work queue's filters and page — is a
 * link that can be shared or opened in a new tab: /console/?view=queue&exam=JZS1-2026&city=4101&status=verifying&check=any:manual,
 * /console/?view=exam&exam=JZS1-2026 (the exam and its timeline), /console/?view=calendar
 */
import { useEffect, useState } from 'preact/hooks';

export type Route =
  | { view: 'exams' }
  | { view: 'exam'; exam: string }
  | { view: 'examNew' }
  | { view: 'examEdit'; exam: string }
  | ({ view: 'queue'; exam: string; cursor?: string } & QueueFilters)
  | { view: 'candidate'; exam: string; person: string }
  | { view: 'outbox'; day?: string }
  | { view: 'calendar' }
  | { view: 'staff' }
  /** R16, R19, R20, N3: hr's overview of the paper certificates (issue 13 §5) */
  | { view: 'overview' }
  /** R18: an exam's mail bookings per city */
  | { view: 'bookings'; exam: string; city?: string }
  /** R19: a site's printable list; R20: a register's printable page */
  | { view: 'siteList'; exam: string; city: string }
  | { view: 'register'; exam: string; report: string; kind: string };

/** The work queue's filters, as the URL and the API name them (issue 9 §1). */
export const queueFilterNames = [
  'city',
  'status',
  'phase',
  'check',
  'due',
  'spot',
  'objections',
  'q',
  'work',
] as const;
export type QueueFilters = Partial<Record<(typeof queueFilterNames)[number], string>>;

export const BASE = '/console/';

export function parseRoute(search: string): Route {
  const q = new URLSearchParams(search);
  const get = (k: string) => q.get(k) || undefined;
  const exam = get('exam');
  switch (q.get('view')) {
    case 'exam':
      if (exam) return { view: 'exam', exam };
      break;
    case 'examNew':
      return { view: 'examNew' };
    case 'examEdit':
      if (exam) return { view: 'examEdit', exam };
      break;
    case 'queue':
      if (!exam) break;
      return {
        view: 'queue',
        exam,
        ...Object.fromEntries(queueFilterNames.flatMap((k) => (get(k) ? [[k, get(k)]] : []))),
        ...(get('cursor') ? { cursor: get('cursor') } : {}),
      };
    case 'candidate': {
      const person = get('person');
      if (exam && person) return { view: 'candidate', exam, person };
      break;
    }
    case 'outbox':
      return { view: 'outbox', ...(get('day') ? { day: get('day') } : {}) };
    case 'calendar':
      return { view: 'calendar' };
    case 'staff':
      return { view: 'staff' };
    case 'overview':
      return { view: 'overview' };
    case 'bookings':
      if (exam) return { view: 'bookings', exam, ...(get('city') ? { city: get('city') } : {}) };
      break;
    case 'siteList': {
      const city = get('city');
      if (exam && city) return { view: 'siteList', exam, city };
      break;
    }
    case 'register': {
      const report = get('report');
      const kind = get('kind');
      if (exam && report && kind) return { view: 'register', exam, report, kind };
      break;
    }
  }
  return { view: 'exams' };
}

export function href(r: Route): string {
  if (r.view === 'exams') return BASE;
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(r)) if (v) q.set(k, String(v));
  return `${BASE}?${q}`;
}

const listeners = new Set<() => void>();

/** Go to a console URL without reloading. */
export function navigate(to: string, replace = false): void {
  if (replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  for (const f of listeners) f();
}

/** The current route; re-renders on navigate() and on back/forward. */
export function useRoute(): Route {
  const [search, setSearch] = useState(() => location.search);
  useEffect(() => {
    const f = () => setSearch(location.search);
    listeners.add(f);
    addEventListener('popstate', f);
    return () => {
      listeners.delete(f);
      removeEventListener('popstate', f);
    };
  }, []);
  return parseRoute(search);
}

/** Plain left clicks navigate in place; modified clicks (new tab, new window) keep browser behaviour. */
export function onLinkClick(e: MouseEvent): void {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const a = e.currentTarget as HTMLAnchorElement;
  e.preventDefault();
  navigate(a.getAttribute('href') ?? BASE);
}
