/**
 * The message catalogue: the words every page shares are here; each app adds its own when it loads
 * (web/console/messages.ts, web/portal/messages.ts, web/public/messages.ts). Simplified Chinese is the
 * default; English is a toggle whose choice is remembered in localStorage and reflected in `<html lang>`.
 *
 * Components call `t('key')` during render; the app root subscribes with `useLang()` so that a switch
 * re-renders the whole tree. At build time the static pages are rendered with `setLang()` per language.
 */
import { useEffect, useState } from 'preact/hooks';
import type { ConsoleMessageKey } from './console/messages.js';
import type { PortalMessageKey } from './portal/messages.js';
import type { PublicMessageKey } from './public/messages.js';
import type { TimelineMessageKey } from './timeline.js';

export type Lang = 'zh-CN' | 'en';
export const LANGS: readonly Lang[] = ['zh-CN', 'en'];
export const STORAGE_KEY = 'cw.lang';

const zh = {
  'site.name': '河南省专业技术人员职业资格考试证书服务',
  'site.owner': '河南省人力资源和社会保障厅',
  'site.footer': '本服务由河南省人力资源和社会保障厅提供。页面中的身份证号按规定部分隐藏。',
  'lang.switchTo': 'English',
  'lang.switchLabel': 'Switch to English',
  'skip.main': '跳到主要内容',
  'nav.home': '首页',
  'nav.portal': '考生服务',
  'nav.console': '部门工作台',
  'nav.main': '主导航',
  loading: '正在加载…',
  'noscript.app': '此页面需要启用 JavaScript 才能登录办理。公告和办理流程可在首页查看。',
  'error.summaryTitle': '请更正以下问题',
  'error.network': '无法连接服务器，请检查网络后重试',
  'error.session': '登录已过期，请重新登录',
  'error.generic': '系统繁忙，请稍后再试',
  'error.prefix': '错误：',
  'certpdf.download': '下载电子证书（PDF）',
  'certpdf.failed': '电子证书下载失败，请稍后重试。',
  logout: '退出登录',

  'portal.title': '考生服务',
  'rec.status': '状态',
  'rec.idNumber': '身份证号',
  'rec.city': '所在城市',
  'rec.certificate': '证书类型',
  'rec.updatedAt': '更新时间',
  'rec.name': '姓名',

  'status.verifying': '核查中',
  'status.qualified': '合格',
  'status.unqualified': '不合格',
  'status.pending': '报考条件待核查',
  'status.forfeited': '已放弃',
  'status.revoked': '已撤销',
  'tag.booked': '已预约邮寄',
  'tag.posted': '已寄出',
  'tag.collect': '待现场领取',
  'tag.awaitingCollection': '待现场领取',
  'tag.inCustody': '代为保管',
  'tag.transferListed': '登记待移交',
  'tag.transferred': '已移交',
  'tag.collected': '已领取',
  'tag.provisional': '暂定',

  'check.education': '学历',
  'check.major': '专业',
  'check.workYears': '工作年限',
  'check.passed': '通过',
  'check.failed': '未通过',
  'check.manual': '需人工核查',
  'check.none': '不适用',

  'cert.paper': '纸质证书',
  'cert.electronic': '电子证书',
  'cert.unknown': '—',
  'rule.label': '依据',

  'date.beijing': '（北京时间）',
  'deadline.left': '还剩 {n} 天',
  'deadline.passed': '已截止',
  'page.of': '{page} - {site}',
  'field.count': '已输入 {n} / {max} 字',
};

type CoreMessageKey = keyof typeof zh;
/**
 * Every message key: the shared ones here, each app's own (web/{console,portal,public}/messages.ts) and
 * the timeline's (web/timeline.tsx, loaded by the console and the portal).
 */
export type MessageKey =
  | CoreMessageKey
  | ConsoleMessageKey
  | PortalMessageKey
  | PublicMessageKey
  | TimelineMessageKey;

const en: Record<CoreMessageKey, string> = {
  'site.name': 'Henan Professional Qualification Exam Certificate Service',
  'site.owner': 'Henan Department of Human Resources and Social Security',
  'site.footer':
    'This service is provided by the Henan Department of Human Resources and Social Security. ID numbers are partly hidden as required.',
  'lang.switchTo': '中文',
  'lang.switchLabel': '切换到中文',
  'skip.main': 'Skip to main content',
  'nav.home': 'Home',
  'nav.portal': 'Candidate services',
  'nav.console': 'Department console',
  'nav.main': 'Main navigation',
  loading: 'Loading…',
  'noscript.app':
    'This page needs JavaScript to sign in. Announcements and the process are on the home page.',
  'error.summaryTitle': 'There is a problem',
  'error.network': 'Could not reach the server. Check your connection and try again.',
  'error.session': 'Your session has expired. Please sign in again.',
  'error.generic': 'The service is busy. Please try again later.',
  'error.prefix': 'Error: ',
  'certpdf.download': 'Download the electronic certificate (PDF)',
  'certpdf.failed': 'The certificate could not be downloaded. Please try again later.',
  logout: 'Sign out',

  'portal.title': 'Candidate services',
  'rec.status': 'Status',
  'rec.idNumber': 'ID number',
  'rec.city': 'City',
  'rec.certificate': 'Certificate',
  'rec.updatedAt': 'Updated',
  'rec.name': 'Name',

  'status.verifying': 'Being verified',
  'status.qualified': 'Qualified',
  'status.unqualified': 'Not qualified',
  'status.pending': 'Requirements to be checked',
  'status.forfeited': 'Forfeited',
  'status.revoked': 'Revoked',
  'tag.booked': 'Postage booked',
  'tag.posted': 'Posted',
  'tag.collect': 'Ready to collect',
  'tag.awaitingCollection': 'Ready to collect',
  'tag.inCustody': 'In custody',
  'tag.transferListed': 'Listed for transfer',
  'tag.transferred': 'Transferred',
  'tag.collected': 'Collected',
  'tag.provisional': 'Provisional',

  'check.education': 'Education',
  'check.major': 'Major',
  'check.workYears': 'Years of work',
  'check.passed': 'Passed',
  'check.failed': 'Not passed',
  'check.manual': 'Needs a manual check',
  'check.none': 'Not applicable',

  'cert.paper': 'Paper certificate',
  'cert.electronic': 'Electronic certificate',
  'cert.unknown': '—',
  'rule.label': 'Rule',

  'date.beijing': ' (Beijing time)',
  'deadline.left': '{n} days left',
  'deadline.passed': 'Closed',
  'page.of': '{page} - {site}',
  'field.count': '{n} of {max} characters',
};

const catalogue: Record<Lang, Record<string, string>> = { 'zh-CN': { ...zh }, en: { ...en } };

/**
 * An app adds its own messages when it loads, so each bundle carries only the words its pages use.
 * Each app's module types its English against its Chinese, as this file does, so no key lacks a language.
 */
export function addMessages(m: Record<Lang, Record<string, string>>): void {
  for (const l of LANGS) Object.assign(catalogue[l], m[l]);
}

let current: Lang = 'zh-CN';
const listeners = new Set<() => void>();

export const getLang = (): Lang => current;

/** A message in the current language, with `{name}` placeholders filled in. */
export function t(key: MessageKey, vars?: Record<string, string | number>): string {
  const s = catalogue[current][key] ?? catalogue['zh-CN'][key] ?? key;
  if (!vars) return s;
  return s.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

const isLang = (v: unknown): v is Lang => v === 'zh-CN' || v === 'en';

/** The language to start with in the browser: the remembered choice, else the page's own `lang`. */
export function initialLang(): Lang {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (isLang(stored)) return stored;
  } catch {
    // storage blocked (private mode in some in-app browsers): fall through
  }
  const docLang = typeof document === 'undefined' ? '' : document.documentElement.lang;
  return docLang === 'en' ? 'en' : 'zh-CN';
}

/** Switch language; in the browser also remember it and set `<html lang>`. */
export function setLang(lang: Lang, remember = false): void {
  current = lang;
  if (typeof document !== 'undefined') document.documentElement.lang = lang;
  if (remember) {
    try {
      localStorage.setItem(STORAGE_KEY, lang);
    } catch {
      // not remembered; the switch still applies to this page
    }
  }
  for (const f of listeners) f();
}

export const otherLang = (l: Lang): Lang => (l === 'en' ? 'zh-CN' : 'en');

/** Re-render the caller when the language changes; returns the current language. */
export function useLang(): Lang {
  const [lang, set] = useState(current);
  useEffect(() => {
    const f = () => set(current);
    listeners.add(f);
    f();
    return () => {
      listeners.delete(f);
    };
  }, []);
  return lang;
}
