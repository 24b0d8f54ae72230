/**
 * The department console: staff sign-in, then exams → exam (timeline) → work queue → candidate; 节假日日历
 * for every role (hr loads years); 消息 for hr.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, api } from '../api.js';
import { Frame, focusHeading, Loading, Problem } from '../components.js';
import { type MessageKey, t, useLang } from '../i18n.js';
import type { StaffMe } from '../types.js';
import { BookingsPage } from './bookings.js';
import { CalendarPage } from './calendar.js';
import { CandidateDetail } from './candidate.js';
import { RegisterPage, SiteListPage } from './collection.js';
import { consoleSession, setUnauthorizedHandler } from './data.js';
import { ExamPage } from './exam.js';
import { ExamFormPage } from './exam-form.js';
import { Exams } from './exams.js';
import { Link } from './link.js';
import { StaffLoginForm } from './login.js';
import { Outbox } from './outbox.js';
import { OverviewPage } from './overview.js';
import { Queue } from './queue.js';
import { href, type Route, useRoute } from './router.js';
import { StaffPage } from './staff.js';
import './messages.js';

type State =
  | { phase: 'checking' }
  | { phase: 'login'; notice?: string }
  | { phase: 'in'; me: StaffMe }
  | { phase: 'error'; error: unknown };

export function ConsoleApp({ initial = { phase: 'checking' } }: { initial?: State }) {
  useLang();
  const [state, setState] = useState<State>(initial);

  useEffect(() => {
    setUnauthorizedHandler(() => setState({ phase: 'login', notice: t('error.session') }));
    if (state.phase !== 'checking') return;
    if (!consoleSession.current()) return setState({ phase: 'login' });
    api<StaffMe | { kind: string }>('/api/me', { session: consoleSession })
      .then((me) => {
        if (me.kind === 'staff') setState({ phase: 'in', me: me as StaffMe });
        else {
          consoleSession.clear();
          setState({ phase: 'login' });
        }
      })
      .catch((e: unknown) =>
        setState(
          e instanceof ApiError && e.status === 401
            ? { phase: 'login', notice: t('error.session') }
            : { phase: 'error', error: e },
        ),
      );
  }, []);

  function signOut() {
    consoleSession.clear();
    setState({ phase: 'login' });
    focusHeading();
  }

  const me = state.phase === 'in' ? state.me : null;
  const account = me ? (
    <p class="account">
      <span class="account-who" data-testid="account">
        <span class="visually-hidden">{t('signedInAs')} </span>
        {me.username} · {me.department.name}（{t(`role.${me.role}` as MessageKey)}）
      </span>
      <button type="button" class="link-button" onClick={signOut}>
        {t('logout')}
      </button>
    </p>
  ) : null;

  return (
    <Frame
      app={t('console.title')}
      appHref="/console/"
      account={account}
      nav={me ? <ConsoleNav me={me} /> : null}
    >
      {state.phase === 'checking' && <Loading />}
      {state.phase === 'error' && <Problem error={state.error} />}
      {state.phase === 'login' && (
        <>
          {state.notice && <p class="notice">{state.notice}</p>}
          <StaffLoginForm
            session={consoleSession}
            onSignedIn={(r) => {
              setState({ phase: 'in', me: { kind: 'staff', ...r.profile } });
              focusHeading();
            }}
          />
        </>
      )}
      {me && <View me={me} />}
    </Frame>
  );
}

function ConsoleNav({ me }: { me: StaffMe }) {
  const route = useRoute();
  const inOutbox = route.view === 'outbox';
  const inCalendar = route.view === 'calendar';
  const inStaff = route.view === 'staff';
  const inOverview = route.view === 'overview';
  return (
    <nav class="app-nav" aria-label={t('console.nav')}>
      <ul class="container">
        <li>
          <Link to={href({ view: 'exams' })} current={!inOutbox && !inCalendar && !inStaff && !inOverview}>
            {t('console.navExams')}
          </Link>
        </li>
        <li>
          <Link to={href({ view: 'calendar' })} current={inCalendar}>
            {t('console.navCalendar')}
          </Link>
        </li>
        {me.role === 'hr' && (
          <li>
            <Link to={href({ view: 'overview' })} current={inOverview}>
              {t('ov.nav')}
            </Link>
          </li>
        )}
        {me.role === 'hr' && (
          <li>
            <Link to={href({ view: 'outbox' })} current={inOutbox}>
              {t('console.navOutbox')}
            </Link>
          </li>
        )}
        {me.role === 'hr' && (
          <li>
            <Link to={href({ view: 'staff' })} current={inStaff}>
              {t('console.navStaff')}
            </Link>
          </li>
        )}
      </ul>
    </nav>
  );
}

const routeKey = (r: Route) => JSON.stringify(r);

function View({ me }: { me: StaffMe }) {
  const route = useRoute();
  const key = routeKey(route);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) first.current = false;
    else focusHeading();
  }, [key]);
  switch (route.view) {
    case 'exams':
      return <Exams role={me.role} />;
    case 'examNew':
      return <ExamFormPage key={key} />;
    case 'examEdit':
      return <ExamFormPage key={key} examId={route.exam} />;
    case 'exam':
      return (
        <ExamPage
          key={key}
          route={route}
          role={me.role}
          deptKind={me.department.kind}
          department={me.department}
        />
      );
    case 'queue':
      return <Queue key={key} route={route} department={me.department} />;
    case 'candidate':
      return <CandidateDetail key={key} route={route} department={me.department} />;
    case 'outbox':
      return <Outbox key={key} route={route} allowed={me.role === 'hr'} />;
    case 'calendar':
      return <CalendarPage key={key} role={me.role} />;
    case 'staff':
      return <StaffPage key={key} allowed={me.role === 'hr'} me={me.username} />;
    case 'overview':
      return <OverviewPage key={key} allowed={me.role === 'hr'} />;
    case 'bookings':
      return <BookingsPage key={key} route={route} department={me.department} />;
    case 'siteList':
      return <SiteListPage key={key} examId={route.exam} city={route.city} />;
    case 'register':
      return <RegisterPage key={key} examId={route.exam} report={route.report} kind={route.kind} />;
  }
}
