/**
 * Same-origin JSON API client. The bearer token lives in sessionStorage (gone when the tab closes);
 * every failure becomes an `ApiError` carrying the server's `{ error: { code, message, details } }`.
 */
import { t } from './i18n.js';

export interface FieldIssue {
  field: string;
  message: string;
}

interface ErrorBody {
  error?: { code?: string; message?: string; details?: { fields?: FieldIssue[]; [k: string]: unknown } };
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: FieldIssue[];
  /** true when the message came from the server (which writes Chinese) */
  readonly fromServer: boolean;
  /** the error's other details as the server sent them (e.g. a proof-of-work challenge) */
  readonly details: Record<string, unknown>;
  constructor(
    status: number,
    code: string,
    message: string,
    fields: FieldIssue[] = [],
    fromServer = true,
    details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fields = fields;
    this.fromServer = fromServer;
    this.details = details;
  }
}

/** A stored login: one slot per app, so the portal and console never share a token. */
export class Session {
  constructor(private readonly key: string) {}

  get token(): string | null {
    try {
      const raw = sessionStorage.getItem(this.key);
      if (!raw) return null;
      const { token, expiresAt } = JSON.parse(raw) as { token: string; expiresAt?: string };
      if (expiresAt && Date.parse(expiresAt) <= Date.now()) {
        this.clear();
        return null;
      }
      return token;
    } catch {
      return null;
    }
  }

  save(token: string, expiresAt?: string): void {
    try {
      sessionStorage.setItem(this.key, JSON.stringify({ token, expiresAt }));
    } catch {
      // storage blocked: the login lasts until the page is reloaded
      memory.set(this.key, token);
    }
  }

  clear(): void {
    memory.delete(this.key);
    try {
      sessionStorage.removeItem(this.key);
    } catch {
      // nothing stored
    }
  }

  /** The token, falling back to the in-memory copy when storage is blocked. */
  current(): string | null {
    return this.token ?? memory.get(this.key) ?? null;
  }
}

const memory = new Map<string, string>();

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  body?: unknown;
  /** a file as the body instead of JSON (an import), with its content type */
  file?: { data: Blob; type: string };
  session?: Session;
  query?: Record<string, string | number | undefined | null>;
}

/** A download that needs the token (a plain link cannot carry it): the file, as a Blob. */
export async function download(path: string, session: Session): Promise<Blob> {
  const token = session.current();
  let res: Response;
  try {
    res = await fetch(path, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(0, 'NETWORK', t('error.network'), [], false);
  }
  if (!res.ok) throw new ApiError(res.status, 'INTERNAL', t('error.generic'), [], false);
  return res.blob();
}

/** Fetch a file with the session's token and hand it to the browser as a download named `filename`. */
export async function saveDownload(path: string, session: Session, filename: string): Promise<void> {
  const blob = await download(path, session);
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = filename;
  a.click();
  URL.revokeObjectURL(a.href);
}

export async function api<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(opts.query ?? {}))
    if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
  const url = qs.size ? `${path}?${qs}` : path;
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = opts.session?.current();
  if (token) headers.authorization = `Bearer ${token}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (opts.file) headers['content-type'] = opts.file.type;
  let res: Response;
  try {
    res = await fetch(url, {
      method: opts.method ?? 'GET',
      headers,
      body: opts.file ? opts.file.data : opts.body === undefined ? null : JSON.stringify(opts.body),
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(0, 'NETWORK', t('error.network'), [], false);
  }
  const text = await res.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!res.ok) {
    const e = (data as ErrorBody | null)?.error;
    if (res.status === 401) opts.session?.clear();
    if (!e?.message) throw new ApiError(res.status, e?.code ?? 'INTERNAL', t('error.generic'), [], false);
    throw new ApiError(
      res.status,
      e.code ?? 'INTERNAL',
      e.message,
      e.details?.fields ?? [],
      true,
      e.details ?? {},
    );
  }
  return data as T;
}
