/** URLs of an article: the one that identifies it, and the date an outlet writes into its path. */
import { MAX_URL_CHARS } from './limits';

/**
 * Query parameters that say how the reader got to the page, not which page it is: campaign tags,
 * click ids of ad networks and newsletters. The same article reached from two newsletters is one
 * article.
 */
const TRACKING_PARAMS = [
  /^utm_/i,
  /^(fbclid|gclid|dclid|gbraid|wbraid|msclkid|yclid|twclid|igshid|mc_cid|mc_eid|_hsenc|_hsmi|mkt_tok|oly_anon_id|oly_enc_id|vero_id|ocid|cmpid|smid|smtyp|ito|at_medium|at_campaign|at_custom\d*|sr_share|guccounter|guce_referrer|guce_referrer_sig|ncid|taid|rss|ref_src|ref_url|share|s_cid|cid|__twitter_impression)$/i,
];

/** A parameter's name as a form decodes it (`+` a space); the raw name when it is malformed. */
function paramName(pair: string): string {
  const raw = pair.split('=', 1)[0]!.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/**
 * The query without its tracking parameters, every other one kept as written. By hand, not with
 * `url.searchParams`: in a Firefox content script its iterators belong to another compartment
 * ("searchParams.keys() is not iterable"), and the extractor runs there.
 */
function withoutTracking(search: string): string {
  if (!search) return search;
  const pairs = search.slice(1).split('&');
  const kept = pairs.filter((pair) => !TRACKING_PARAMS.some((p) => p.test(paramName(pair))));
  return kept.length === pairs.length ? search : kept.filter(Boolean).join('&');
}

/** An http(s) URL without fragment or tracking parameters, or null when `raw` is not one. */
export function cleanUrl(raw: string, base?: string): string | null {
  if (raw.length > MAX_URL_CHARS) return null;
  let url: URL;
  try {
    url = new URL(raw.trim(), base);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username || url.password) return null;
  url.hash = '';
  url.search = withoutTracking(url.search);
  const out = url.href;
  return out.length <= MAX_URL_CHARS ? out : null;
}

/** Host names compared without the `www.` a site may or may not write. */
function bareHost(host: string): string {
  return host.toLowerCase().replace(/^www\./, '');
}

/**
 * Whether `claimed` may name the page at `page`: the same site (one host equal to or under the
 * other: `www.`, `amp.`, `m.` variants). A page that claims another site's URL as its canonical one
 * would otherwise pass its text off as a new version of that site's article.
 */
export function sameSite(claimed: string, page: string): boolean {
  const a = bareHost(new URL(claimed).hostname);
  const b = bareHost(new URL(page).hostname);
  return a === b || a.endsWith(`.${b}`) || b.endsWith(`.${a}`);
}

const MONTH_WORDS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** Years an outlet's URL may carry: the web's news, with a year of slack ahead for time zones. */
const FIRST_URL_YEAR = 1994;

export interface UrlDate {
  date: string;
  precision: 'day' | 'month';
  /** The path part it was read from ("/2024/09/11/"). */
  raw: string;
}

/** `/2024/09/11/`, `/2024/sep/11/` (The Guardian) or `/2024/09/` in a URL's path, validated. */
export function urlDate(href: string, now: Date): UrlDate | null {
  let path: string;
  try {
    path = new URL(href).pathname;
  } catch {
    return null;
  }
  const m = /\/((?:19|20)\d\d)\/(0?[1-9]|1[0-2]|[a-z]{3})\/(?:(0?[1-9]|[12]\d|3[01])(?=\/|$|[-_.]))?/i.exec(path);
  if (!m) return null;
  const year = Number(m[1]);
  if (year < FIRST_URL_YEAR || year > now.getUTCFullYear() + 1) return null;
  const monthIndex = /^\d+$/.test(m[2]!) ? Number(m[2]) : MONTH_WORDS.indexOf(m[2]!.toLowerCase()) + 1;
  if (monthIndex < 1) return null;
  const month = String(monthIndex).padStart(2, '0');
  if (!m[3]) return { date: `${year}-${month}`, precision: 'month', raw: m[0] };
  const day = Number(m[3]);
  if (!validDay(year, monthIndex, day)) return null;
  return { date: `${year}-${month}-${String(day).padStart(2, '0')}`, precision: 'day', raw: m[0] };
}

/** Whether the day exists in that month (29 February only in leap years). */
export function validDay(year: number, month: number, day: number): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}
