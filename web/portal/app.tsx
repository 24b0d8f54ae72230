/** The candidate portal: sign in, then "your status". */
import { useEffect, useState } from 'preact/hooks';
import { ApiError, api, Session } from '../api.js';
import { Frame, focusHeading, Loading, Problem } from '../components.js';
import { t, useLang } from '../i18n.js';
import type { CandidateMe, CandidateRecord } from '../types.js';
import { Login } from './login.js';
import { Status } from './status.js';
import './messages.js';

export const portalSession = new Session('cw.portal.session');

type State =
  | { phase: 'checking' }
  | { phase: 'login'; notice?: string }
  | { phase: 'status'; records: CandidateRecord[] }
  | { phase: 'error'; error: unknown };

export function PortalApp({ initial = { phase: 'checking' } }: { initial?: State }) {
  useLang();
  const [state, setState] = useState<State>(initial);

  async function load(moveFocus = false) {
    if (!portalSession.current()) return setState({ phase: 'login' });
    setState({ phase: 'checking' });
    try {
      const me = await api<CandidateMe | { kind: string }>('/api/me', { session: portalSession });
      if (me.kind !== 'candidate') {
        portalSession.clear();
        return setState({ phase: 'login' });
      }
      setState({ phase: 'status', records: (me as CandidateMe).records });
      if (moveFocus) focusHeading();
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) setState({ phase: 'login', notice: t('error.session') });
      else setState({ phase: 'error', error: e });
    }
  }

  /** After an act that moves the lifecycle on (a booking): the records again, without the loading screen or a focus move. */
  async function refresh() {
    try {
      const me = await api<CandidateMe | { kind: string }>('/api/me', { session: portalSession });
      if (me.kind === 'candidate') setState({ phase: 'status', records: (me as CandidateMe).records });
    } catch {
      // the page keeps what it shows; the next load reports the problem
    }
  }

  useEffect(() => {
    if (state.phase === 'checking') void load();
  }, []);

  function signOut() {
    portalSession.clear();
    setState({ phase: 'login' });
    focusHeading();
  }

  const account =
    state.phase === 'status' ? (
      <button type="button" class="link-button" onClick={signOut}>
        {t('logout')}
      </button>
    ) : null;

  return (
    <Frame app={t('portal.title')} appHref="/portal/" account={account}>
      {state.phase === 'checking' && <Loading />}
      {state.phase === 'error' && <Problem error={state.error} />}
      {state.phase === 'login' && (
        <>
          {state.notice && <p class="notice">{state.notice}</p>}
          <Login session={portalSession} onSignedIn={() => void load(true)} />
        </>
      )}
      {state.phase === 'status' && (
        <Status records={state.records} session={portalSession} onChanged={() => void refresh()} />
      )}
    </Frame>
  );
}
