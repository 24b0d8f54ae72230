/**
 * R19: a collection site's name, address, dates, hours, what to bring and whom to ask, as the console
 * and the portal show it (both catalogs hold the `col.site.*` words).
 */
import { ServerText } from './components.js';
import { t } from './i18n.js';

export interface SiteView {
  examId: string;
  city: string;
  cityName: string;
  name: string;
  address: string;
  opensOn: string;
  closesOn: string;
  hours: string;
  bring: string;
  phone?: string;
  updatedBy: string;
}

export function SiteFacts({ s, full = false }: { s: SiteView; full?: boolean }) {
  const rows: [string, string][] = [
    [t('col.site.name'), s.name],
    [t('col.site.address'), s.address],
    [t('col.site.period'), t('col.site.periodText', { from: s.opensOn, to: s.closesOn })],
    [t('col.site.hours'), s.hours],
    ...(full ? ([[t('col.site.bring'), s.bring]] as [string, string][]) : []),
    ...(full && s.phone ? ([[t('col.site.phone'), s.phone]] as [string, string][]) : []),
  ];
  return (
    <dl class="facts">
      {rows.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>
            <ServerText text={v} />
          </dd>
        </div>
      ))}
    </dl>
  );
}
