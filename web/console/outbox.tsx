/** 消息: the day's outbox (hr only — messages carry codes and addresses). */
import { ApiError } from '../api.js';
import { Loading, Problem, ServerText, TableScroll, useTitle } from '../components.js';
import { beijingToday, formatDate, formatDateTime, formatNumber } from '../format.js';
import { type MessageKey, t } from '../i18n.js';
import type { OutboxItem } from '../types.js';
import { useApi } from './data.js';
import { href, navigate, type Route } from './router.js';
import './messages.js';

export function Outbox({ route, allowed }: { route: Extract<Route, { view: 'outbox' }>; allowed: boolean }) {
  useTitle(t('outbox.heading'));
  const day = route.day ?? beijingToday();
  return (
    <>
      <h1 class="page-title">{t('outbox.heading')}</h1>
      {allowed ? <OutboxDay day={day} /> : <p class="notice">{t('outbox.forbidden')}</p>}
    </>
  );
}

function OutboxDay({ day }: { day: string }) {
  const { data, error, loading } = useApi<{ day: string; items: OutboxItem[] }>('/api/outbox', { day });
  const items = data?.items ?? [];
  return (
    <>
      <form
        class="filters"
        method="get"
        action="/console/"
        onSubmit={(e) => {
          e.preventDefault();
          const v = String(new FormData(e.currentTarget).get('day') ?? '');
          navigate(href({ view: 'outbox', ...(v ? { day: v } : {}) }));
        }}
      >
        <input type="hidden" name="view" value="outbox" />
        <div class="field field--inline">
          <label class="label" for="day">
            {t('outbox.day')}
          </label>
          <input class="input input--medium" type="date" id="day" name="day" defaultValue={day} key={day} />
        </div>
        <button type="submit" class="button button--secondary">
          {t('outbox.show')}
        </button>
      </form>
      {loading && <Loading />}
      {error !== undefined &&
        (error instanceof ApiError && error.status === 403 ? (
          <p class="notice">{t('outbox.forbidden')}</p>
        ) : (
          <Problem error={error} />
        ))}
      {data && !items.length && <p class="empty">{t('outbox.empty')}</p>}
      {items.length > 0 && (
        <TableScroll labelledBy="outbox-caption">
          <table class="table" data-testid="outbox">
            <caption id="outbox-caption">
              {t('outbox.caption', { day: formatDate(data?.day ?? day), n: formatNumber(items.length) })}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('outbox.time')}</th>
                <th scope="col">{t('outbox.channel')}</th>
                <th scope="col">{t('outbox.to')}</th>
                <th scope="col">{t('outbox.text')}</th>
                <th scope="col">{t('outbox.status')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((m) => (
                <tr key={m.id}>
                  <td class="nowrap">{formatDateTime(m.createdAt)}</td>
                  <td>{t(`channel.${m.channel}` as MessageKey)}</td>
                  <td class="mono">{m.toMasked}</td>
                  <td class="wide">
                    <ServerText text={m.text} />
                  </td>
                  <td>
                    <span class={`tag tag--msg-${m.status}`}>{t(`msg.${m.status}` as MessageKey)}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </>
  );
}
