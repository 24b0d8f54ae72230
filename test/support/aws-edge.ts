/**
 * An AWS service stood in for at the edge, for the signed-HTTP clients (functions/lib/aws-rest.ts):
 * fake credentials, one region and signing time, and a `fetch` that records each request it is sent
 * (test/unit/aws-rest.test.ts, test/unit/file-store.test.ts).
 */
export const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'not-a-secret' };
export const region = 'cn-north-1';
export const datetime = '20261202T101500Z';

/** A request as the service saw it. */
export interface Seen {
  method: string;
  url: URL;
  headers: Headers;
  body: string;
}

/** A `fetch` answering from `answer` (called with the request and its 1-based number); `seen` records them. */
export function recordingFetch(answer: (r: Seen, n: number) => Response | Promise<Response>) {
  const seen: Seen[] = [];
  const fetch = async (req: Request) => {
    const r = { method: req.method, url: new URL(req.url), headers: req.headers, body: await req.text() };
    seen.push(r);
    return answer(r, seen.length);
  };
  return { seen, fetch };
}
