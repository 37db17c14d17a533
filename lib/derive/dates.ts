/**
 * Dated statements: sentences that mention a corpus entity and a date expression, the date
 * resolved against the article's own date as corpus/README.md defines dates:
 *
 * - `stated` when the text gives the date itself ("on Sept. 10, 2024", "in March 2023", "in 2022");
 * - `relative` when it is worked out from the article's date ("on Tuesday", "yesterday", "last
 *   week", "in March", "on 6 September"), with a note that says how;
 * - at the precision the expression allows: a week that spans two months is dated to the year,
 *   "last Tuesday" (the one before the article's date, or the one before that?) to the month
 *   when both fall in it; an expression that cannot be resolved honestly is dropped.
 *
 * `chrono-node` finds the expressions and reads explicit dates; the rules for relative ones are
 * ours, below, so each resolution can say what it relied on.
 */
import * as chrono from 'chrono-node';
import type { DatePrecision } from '../corpus/schema';
import { formatDate } from '../dates';
import type { PageDate } from '../extract/dates';
import { MAX_SENTENCE_CHARS } from './limits';
import type { EntityLink } from './mentions';
import type { Sentence, TextRange } from './sentences';

export interface ResolvedDate {
  date: string;
  precision: DatePrecision;
  method: 'stated' | 'relative';
  /** How a relative date was resolved; null when stated. */
  note: string | null;
}

export interface FoundDate extends ResolvedDate {
  /** The date expression in the stored text ("on Tuesday"). */
  expression: TextRange;
}

const DAY_MS = 86_400_000;
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** A calendar day as a UTC timestamp at midnight: day arithmetic without time zones. */
type Day = number;

function day(y: number, m: number, d: number): Day {
  return Date.UTC(y, m - 1, d);
}
function ymd(t: Day): { y: number; m: number; d: number } {
  const x = new Date(t);
  return { y: x.getUTCFullYear(), m: x.getUTCMonth() + 1, d: x.getUTCDate() };
}
function iso(t: Day, precision: DatePrecision): string {
  const { y, m, d } = ymd(t);
  const full = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  return full.slice(0, { year: 4, month: 7, day: 10 }[precision]);
}
function weekday(t: Day): number {
  return new Date(t).getUTCDay();
}
/** The article's date in words, for notes: "Wed 11 Sep 2024". */
function articleDay(t: Day): string {
  return `${WEEKDAYS[weekday(t)]!.slice(0, 3)} ${formatDate(iso(t, 'day'), 'day')}`;
}

/** A span of days dated at the finest precision that holds all of it, or null past a year. */
function span(from: Day, to: Day): { date: string; precision: DatePrecision } | null {
  const a = ymd(from);
  const b = ymd(to);
  if (a.y !== b.y) return null;
  if (a.m !== b.m) return { date: iso(from, 'year'), precision: 'year' };
  if (from === to) return { date: iso(from, 'day'), precision: 'day' };
  return { date: iso(from, 'month'), precision: 'month' };
}

/** Monday of the week that holds `t` (weeks run Monday to Sunday, as in ISO 8601). */
function monday(t: Day): Day {
  return t - ((weekday(t) + 6) % 7) * DAY_MS;
}

function addMonths(y: number, m: number, n: number): { y: number; m: number } {
  const k = y * 12 + (m - 1) + n;
  return { y: Math.floor(k / 12), m: (k % 12) + 1 };
}

/** Words that put an expression in the future ("will meet … on Friday", "is due to … on Friday"). */
const FUTURE_WORDS = new Set(
  'will ll shall upcoming scheduled expected due planned plans plan intends intend set going next tomorrow'.split(' '),
);
/** Common past-tense verbs that do not end in -ed. */
const PAST_WORDS = new Set(
  (
    'said told was were had did met spoke went came took gave made saw held led left began flew wrote sent brought ' +
    'thought knew found rose fell won lost struck hit shot ran became broke chose drove fought got grew heard kept ' +
    'paid put read rode sat sold spent stood swore taught threw understood woke wore upheld'
  ).split(' '),
);
/** Where a clause ends: a semicolon, colon, dash or bracket, or a comma before a conjunction. */
const CLAUSE_BOUNDARY = /[;:—–()]|,\s+(?:and|but|while|although|though|whereas|which|who)\b/gu;
/** How many words either side of an expression its tense is looked for in. */
const TENSE_WINDOW_WORDS = 12;

/**
 * The tense of the verb nearest an expression within its sentence: a future marker ("will",
 * "scheduled", "upcoming"), or a verb in the past ("said", "attacked"; not a participle after
 * "has", "been" or "be": "has been confirmed" says nothing of when); null when none is near.
 * "Would" is left out: "said he would meet on Friday" is a future seen from a past.
 */
function tenseNear(sentenceText: string, start: number, end: number): 'past' | 'future' | null {
  const words = (t: string) => t.match(/[\p{L}’']+/gu) ?? [];
  // Only the expression's own clause: "sent … in October, and … is scheduled to …" are two.
  const head = sentenceText.slice(0, start);
  const cutBefore = [...head.matchAll(CLAUSE_BOUNDARY)].at(-1);
  const tail = sentenceText.slice(end);
  const cutAfter = CLAUSE_BOUNDARY.exec(tail);
  CLAUSE_BOUNDARY.lastIndex = 0;
  const before = words(cutBefore ? head.slice(cutBefore.index + cutBefore[0].length) : head)
    .slice(-TENSE_WINDOW_WORDS)
    .reverse();
  const after = words(cutAfter ? tail.slice(0, cutAfter.index) : tail).slice(0, TENSE_WINDOW_WORDS);
  const judge = (w: string, previous: string | undefined, next: string | undefined): 'past' | 'future' | null => {
    w = w.toLowerCase().replace(/^.*[’']/, '');
    if (FUTURE_WORDS.has(w)) return 'future';
    // A participle after "has"/"been" or before "by" ("as stated by") is no tense.
    if (previous && /^(?:has|have|had|been|be|is|are|was|were|being)$/i.test(previous)) return null;
    if (next && /^by$/i.test(next)) return null;
    if (PAST_WORDS.has(w) || (w.length > 3 && w.endsWith('ed'))) return 'past';
    return null;
  };
  for (let i = 0; i < TENSE_WINDOW_WORDS; i++) {
    if (i < before.length) {
      const t = judge(before[i]!, before[i + 1], before[i - 1] ?? after[0]);
      if (t) return t;
    }
    if (i < after.length) {
      const t = judge(after[i]!, after[i - 1], after[i + 1]);
      if (t) return t;
    }
  }
  return null;
}

/** Words that may stand before a bare month name used as a date ("in March"), not a name ("the March"). */
const MONTH_LEAD =
  /\b(?:in|since|until|till|by|from|through|during|early|late|mid|mid-|before|after|last|this|next|of|between|and|to|around|since|on)\s*$/i;
/** A bare year used as a date: "in 2022", "since 2014". */
const YEAR_EXPRESSION =
  /\b(?:in|since|by|until|from|during|through|before|after|early|late|mid-?)\s+((?:19|20)\d\d)\b(?![-–/]|\s*(?:%|percent|people|troops|soldiers|times|of\b))/gi;

/**
 * Words that make the count of an "… ago" a bound or an estimate ("more than two years ago",
 * "nearly a year ago", "some three weeks ago"): the date it gives could be a year (or a month) off
 * at the precision it would be stored with, so such an expression is dropped rather than resolved.
 */
const COUNT_QUALIFIER =
  /\b(?:more\s+than|over|less\s+than|under|fewer\s+than|at\s+least|at\s+most|almost|nearly|about|around|roughly|approximately|some|up\s+to|upwards\s+of|close\s+to|the\s+better\s+part\s+of)\s*$/i;

interface Reference {
  t: Day;
  precision: DatePrecision;
}

/** Reads the article's date; null when it has none (then only stated dates are kept). */
export function reference(published: PageDate | null): Reference | null {
  if (!published) return null;
  const [y, m, d] = published.date.split('-').map(Number);
  return { t: day(y!, m ?? 1, d ?? 1), precision: published.precision };
}

const PRECISION_RANK: Record<DatePrecision, number> = { year: 0, month: 1, day: 2 };
function refAtLeast(ref: Reference | null, p: DatePrecision): ref is Reference {
  return ref !== null && PRECISION_RANK[ref.precision] >= PRECISION_RANK[p];
}

function relative(date: string, precision: DatePrecision, how: string, ref: Reference): ResolvedDate {
  const dated = ref.precision === 'day' ? articleDay(ref.t) : formatDate(iso(ref.t, ref.precision), ref.precision);
  return { date, precision, method: 'relative', note: `${how} (article dated ${dated}).` };
}

/** Resolves one expression found by chrono in `sentence` (its text lower-cased in `lower`). */
function resolveOne(r: chrono.ParsedResult, sentenceText: string, ref: Reference | null): ResolvedDate | null {
  const text = r.text.replace(/[\s,.;:]+$/, '');
  const lower = text.toLowerCase();
  const c = r.start;
  if (r.end) return null; // a range is not one date
  if (/\d\s*[/.]\s*\d/.test(text) && !/\d{4}-\d{2}-\d{2}/.test(text)) return null; // 9/11, 6.9: day and month order unknown
  if (/^(?:now|right now|currently|recently|soon|later|earlier)$/.test(lower)) return null;
  const q = `“${text}”`;
  const certain = (k: chrono.Component) => c.isCertain(k);

  // Days counted from the article's date.
  const casual: [RegExp, number, string][] = [
    [/\b(?:yesterday|last\s+night)\b/, -1, 'the day before the article’s date'],
    [/\b(?:today|tonight|this\s+(?:morning|afternoon|evening))\b/, 0, 'the article’s date'],
    [/\btomorrow\b/, 1, 'the day after the article’s date'],
  ];
  for (const [re, offset, how] of casual) {
    if (!re.test(lower)) continue;
    if (!refAtLeast(ref, 'day')) return null;
    return relative(iso(ref.t + offset * DAY_MS, 'day'), 'day', `${q}: ${how}`, ref);
  }
  const ago = /\b(\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten)\s+(day|week|month|year)s?\s+ago\b/.exec(
    lower,
  );
  // "more than two years ago", "nearly a year ago": a bound or an estimate, not a date.
  if (ago && COUNT_QUALIFIER.test(sentenceText.slice(0, r.index) + lower.slice(0, ago.index))) return null;
  if (ago) {
    const words = ['a', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
    const n = /\d/.test(ago[1]!) ? Number(ago[1]) : Math.max(1, words.indexOf(ago[1]!));
    const unit = ago[2]!;
    const need: DatePrecision = unit === 'year' ? 'year' : unit === 'month' ? 'month' : 'day';
    if (!refAtLeast(ref, need)) return null;
    const { y, m } = ymd(ref.t);
    if (unit === 'day')
      return relative(iso(ref.t - n * DAY_MS, 'day'), 'day', `${q}: ${n} days before the article’s date`, ref);
    if (unit === 'week') {
      const at = ref.t - 7 * n * DAY_MS;
      const s = span(at - 3 * DAY_MS, at + 3 * DAY_MS);
      return s ? relative(s.date, s.precision, `${q}: about ${7 * n} days before the article’s date`, ref) : null;
    }
    if (unit === 'month') {
      const back = addMonths(y, m, -n);
      return relative(
        iso(day(back.y, back.m, 1), 'month'),
        'month',
        `${q}: ${n} months before the article’s month`,
        ref,
      );
    }
    return relative(String(y - n), 'year', `${q}: ${n} years before the article’s year`, ref);
  }
  const unitRel = /\b(last|this|next|past|coming)\s+(week|month|year)\b/.exec(lower);
  if (unitRel) {
    const which = unitRel[1] === 'past' ? 'last' : unitRel[1] === 'coming' ? 'next' : unitRel[1]!;
    const offset = which === 'last' ? -1 : which === 'next' ? 1 : 0;
    const unit = unitRel[2]!;
    const label = offset < 0 ? 'before' : offset > 0 ? 'after' : 'of';
    if (unit === 'week') {
      if (!refAtLeast(ref, 'day')) return null;
      const from = monday(ref.t) + offset * 7 * DAY_MS;
      const s = span(from, from + 6 * DAY_MS);
      const how = offset === 0 ? 'the article’s week' : `the week ${label} the article’s week`;
      return s ? relative(s.date, s.precision, `${q}: ${how}, Monday to Sunday`, ref) : null;
    }
    if (unit === 'month') {
      if (!refAtLeast(ref, 'month')) return null;
      const { y, m } = ymd(ref.t);
      const at = addMonths(y, m, offset);
      const how = offset === 0 ? 'the article’s month' : `the month ${label} the article’s month`;
      return relative(iso(day(at.y, at.m, 1), 'month'), 'month', `${q}: ${how}`, ref);
    }
    if (!refAtLeast(ref, 'year')) return null;
    const how = offset === 0 ? 'the article’s year' : `the year ${label} the article’s year`;
    return relative(String(ymd(ref.t).y + offset), 'year', `${q}: ${how}`, ref);
  }

  // Explicit calendar dates.
  if (certain('month') && !/\b(?:last|next|this|ago)\b/.test(lower)) {
    const m = c.get('month')!;
    const y = certain('year') ? c.get('year')! : null;
    const d = certain('day') ? c.get('day')! : null;
    if (y !== null) {
      return d !== null
        ? { date: iso(day(y, m, d), 'day'), precision: 'day', method: 'stated', note: null }
        : { date: iso(day(y, m, 1), 'month'), precision: 'month', method: 'stated', note: null };
    }
    if (d === null) {
      // A bare month name is a date only after a word that makes it one ("in March", not "the March").
      const before = sentenceText.slice(0, r.index);
      if (!MONTH_LEAD.test(before) && !/^(?:early|late|mid)/i.test(lower)) return null;
    }
    if (!refAtLeast(ref, d === null ? 'month' : 'day')) return null;
    // News reports what happened: the latest such date up to the article's, unless the words
    // before it put it in the future ("will meet on 20 September").
    const { y: ry } = ymd(ref.t);
    const future = tenseNear(sentenceText, r.index, r.index + text.length) === 'future';
    const at = (yy: number) => day(yy, m, d ?? 1);
    const refPoint = d === null ? day(ry, ymd(ref.t).m, 1) : ref.t;
    const best = future ? (at(ry) >= refPoint ? at(ry) : at(ry + 1)) : at(ry) <= refPoint ? at(ry) : at(ry - 1);
    const named = d === null ? MONTHS[m - 1]! : `${d} ${MONTHS[m - 1]!}`;
    const how = future
      ? `${q}: the first ${named} from the article’s date on (future tense)`
      : `${q}: the latest ${named} up to the article’s date`;
    return relative(iso(best, d === null ? 'month' : 'day'), d === null ? 'month' : 'day', how, ref);
  }

  // A day of the week.
  if (certain('weekday') && !certain('day')) {
    if (!refAtLeast(ref, 'day')) return null;
    const wd = c.get('weekday')!;
    const name = WEEKDAYS[wd]!;
    const back = (weekday(ref.t) - wd + 7) % 7; // 0..6 days before the article's date
    const ahead = (wd - weekday(ref.t) + 7) % 7; // 0..6 days after
    if (/\blast\b/.test(lower) || /\bnext\b/.test(lower)) {
      // "Last Tuesday" may be the latest Tuesday or the one a week before: only the month they share is sure.
      const past = /\blast\b/.test(lower);
      const first = past ? ref.t - (back || 7) * DAY_MS : ref.t + (ahead || 7) * DAY_MS;
      const second = past ? first - 7 * DAY_MS : first + 7 * DAY_MS;
      const s = past ? span(second, first) : span(first, second);
      if (!s || s.precision === 'year') return null;
      return relative(
        s.date,
        'month',
        `${q}: either of the two ${name}s ${past ? 'before' : 'after'} the article’s date, both in this month`,
        ref,
      );
    }
    if (/\bthis\b/.test(lower)) {
      const t = monday(ref.t) + ((wd + 6) % 7) * DAY_MS;
      return relative(iso(t, 'day'), 'day', `${q}: the ${name} of the article’s week`, ref);
    }
    if (back === 0) return relative(iso(ref.t, 'day'), 'day', `${q}: the article’s date, a ${name}`, ref);
    const tense = tenseNear(sentenceText, r.index, r.index + text.length);
    if (tense === 'future')
      return relative(
        iso(ref.t + ahead * DAY_MS, 'day'),
        'day',
        `${q}: the ${name} after the article’s date (future tense)`,
        ref,
      );
    if (tense === 'past')
      return relative(
        iso(ref.t - back * DAY_MS, 'day'),
        'day',
        `${q}: the ${name} before the article’s date (past tense)`,
        ref,
      );
    // No tense near it: the one before or the one after; only the month they share is sure.
    const s = span(ref.t - back * DAY_MS, ref.t + ahead * DAY_MS);
    if (!s || s.precision === 'year') return null;
    return relative(s.date, 'month', `${q}: the ${name} before or after the article’s date, both in this month`, ref);
  }
  return null;
}

/** Date expressions of one sentence, resolved; those that cannot be resolved honestly are left out. */
export function datesIn(text: string, sentence: TextRange, ref: Reference | null): FoundDate[] {
  const sentenceText = text.slice(sentence.start, sentence.end);
  const refDate = ref ? new Date(ref.t + 12 * 3_600_000) : new Date(0);
  const out: FoundDate[] = [];
  // chrono reads the reference in local time; a UTC noon keeps the calendar day in any zone west or east.
  const local = new Date(refDate.getUTCFullYear(), refDate.getUTCMonth(), refDate.getUTCDate(), 12);
  for (const r of chrono.en.parse(sentenceText, local)) {
    const resolved = resolveOne(r, sentenceText, ref);
    // chrono may take the punctuation after the expression in ("on Wednesday,").
    const length = r.text.replace(/[\s,.;:]+$/, '').length;
    if (resolved)
      out.push({
        ...resolved,
        expression: { start: sentence.start + r.index, end: sentence.start + r.index + length },
      });
  }
  for (const m of sentenceText.matchAll(YEAR_EXPRESSION)) {
    const at = sentence.start + m.index;
    if (out.some((f) => f.expression.start <= at && at < f.expression.end)) continue;
    out.push({
      date: m[1]!,
      precision: 'year',
      method: 'stated',
      note: null,
      expression: { start: at, end: at + m[0].length },
    });
  }
  return out.sort((a, b) => a.expression.start - b.expression.start);
}

export interface FoundStatement {
  sentence: TextRange;
  entityIds: string[];
  found: FoundDate;
}

/** Every sentence that links a corpus entity and holds a date expression, one statement per expression. */
export function datedStatements(
  text: string,
  sentences: readonly Sentence[],
  links: readonly EntityLink[],
  ref: Reference | null,
  limit: number,
): FoundStatement[] {
  const out: FoundStatement[] = [];
  let k = 0;
  for (const s of sentences) {
    if (out.length >= limit) break;
    while (k < links.length && links[k]!.start < s.start) k++;
    // A "sentence" longer than the limit is not stored: its dates are not read.
    if (s.end - s.start > MAX_SENTENCE_CHARS) continue;
    const ids = new Set<string>();
    for (let j = k; j < links.length && links[j]!.start < s.end; j++) ids.add(links[j]!.entityId);
    if (!ids.size) continue;
    for (const found of datesIn(text, s, ref)) {
      if (out.length >= limit) break;
      out.push({ sentence: { start: s.start, end: s.end }, entityIds: [...ids].sort(), found });
    }
  }
  return out;
}
