/** Loading API data into a view; a 401 anywhere signs the console out. */
import { useEffect, useState } from 'preact/hooks';
import { ApiError, api, Session, saveDownload } from '../api.js';

export const consoleSession = new Session('cw.console.session');

/** Fetch a file with the console's session and hand it to the browser as a download named `filename`. */
export const saveFile = (path: string, filename: string): Promise<void> =>
  saveDownload(path, consoleSession, filename);

let onUnauthorized: () => void = () => {};
export const setUnauthorizedHandler = (f: () => void): void => {
  onUnauthorized = f;
};

export interface Loaded<T> {
  data?: T;
  error?: unknown;
  loading: boolean;
}

/** `version`: bump it to load the same path again (e.g. after a change was saved). */
export function useApi<T>(
  path: string,
  query: Record<string, string | number | undefined> = {},
  version: number | string = 0,
): Loaded<T> {
  const key = `${path}?${JSON.stringify(query)}#${version}`;
  const [state, setState] = useState<Loaded<T> & { key?: string }>({ loading: true });
  useEffect(() => {
    let live = true;
    setState({ loading: true, key });
    api<T>(path, { session: consoleSession, query })
      .then((data) => live && setState({ data, loading: false, key }))
      .catch((error: unknown) => {
        if (!live) return;
        if (error instanceof ApiError && error.status === 401) onUnauthorized();
        setState({ error, loading: false, key });
      });
    return () => {
      live = false;
    };
  }, [key]);
  // while a new key loads, never show the previous key's data
  return state.key === key ? state : { loading: true };
}
