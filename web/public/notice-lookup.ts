/**
 * The look-up on a notice page (/notice.js): a candidate number → its lookup shard (the same hash the
 * server filed it under, functions/domain/notices.ts) → the static shard file → where on the list it
 * is. No API call; the page works without this script (the list can be browsed city by city).
 */
import { lookupKey, lookupShard } from '../../functions/domain/lookup.js';
import type { LookupEntry } from '../../functions/domain/notices.js';
import { cityName } from '../../functions/domain/regions.js';

const words = {
  'zh-CN': {
    empty: '请输入准考证号',
    notFound: (no: string) => `未在本次公示名单中找到准考证号 ${no}。`,
    found: (e: LookupEntry) =>
      `准考证号 ${e.candidateNo}：${e.name}，身份证号 ${e.idNumberMasked}，见${cityName(e.city)}第 ${e.page} 页。`,
    page: '查看该页',
    failed: '暂时无法查询，请稍后再试，或按地市翻阅名单。',
  },
  en: {
    empty: 'Enter a candidate number',
    notFound: (no: string) => `Candidate number ${no} is not on this list.`,
    found: (e: LookupEntry) =>
      `Candidate number ${e.candidateNo}: ${e.name}, ID number ${e.idNumberMasked}, on page ${e.page} of ${cityName(e.city)}.`,
    page: 'Open that page',
    failed: 'The look-up is not available just now; try again later, or browse the list city by city.',
  },
};

const form = document.getElementById('lookup') as HTMLFormElement | null;
const out = document.getElementById('lookup-result');
if (form && out) {
  const lang = form.dataset.lang === 'en' ? 'en' : 'zh-CN';
  const w = words[lang];
  const root = form.dataset.root ?? '';
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const input = form.elements.namedItem('candidateNo') as HTMLInputElement;
    const no = lookupKey(input.value);
    out.textContent = '';
    if (!no) {
      out.textContent = w.empty;
      input.focus();
      return;
    }
    fetch(`${root}lookup/${lookupShard(no)}.json`, { headers: { accept: 'application/json' } })
      .then((r) =>
        r.ok ? (r.json() as Promise<{ entries?: Record<string, LookupEntry> }>) : Promise.reject(),
      )
      .then((shard) => {
        const e = shard.entries?.[no];
        if (!e) {
          out.textContent = w.notFound(no);
          return;
        }
        out.textContent = `${w.found(e)} `;
        const a = document.createElement('a');
        a.href = `${root}list/${e.city}/${e.page}${lang === 'en' ? '.en' : ''}.html`;
        a.textContent = w.page;
        out.append(a);
      })
      .catch(() => {
        out.textContent = w.failed;
      });
  });
}
