/** What a search answers. Plain data: it crosses the message boundary and renders as text. */
import type { DatePrecision, EntityKind, Stance } from '../corpus/schema';

/** Kinds of results, in the order their groups are listed when they rank alike. */
export const RESULT_KINDS = ['person', 'weapon', 'weapon-class', 'event', 'fact', 'quote', 'source'] as const;
export type ResultKind = (typeof RESULT_KINDS)[number];
/** Items other than entities, which the popup opens with `page.getSearchItem`. */
export const ITEM_TYPES = ['fact', 'quote', 'event', 'source'] as const;
export type ItemType = (typeof ITEM_TYPES)[number];

export function isEntityKind(kind: ResultKind): kind is EntityKind {
  return kind === 'person' || kind === 'weapon' || kind === 'weapon-class';
}

/** Characters `[start, end)` of a string that matched the query. Never HTML: the view wraps them in <mark>. */
export interface Highlight {
  start: number;
  end: number;
}

/** A line of text with the ranges that matched. */
export interface MarkedText {
  text: string;
  highlights: Highlight[];
}

export interface SearchHit {
  kind: ResultKind;
  id: string;
  /** The name, fact, quote, event title or source title. */
  title: MarkedText;
  /** A second line: the speaker, the source. */
  detail: MarkedText | null;
  /** Entities: the other spelling that matched, when the name itself did not ("Zelenskiy"). */
  alias: MarkedText | null;
  date: string | null;
  datePrecision: DatePrecision | null;
  /** Lower is better: 0 exact name, 1 name starts with the query, 2 a word of it does, 3 anything else. */
  tier: number;
  score: number;
  /** One of the reader's own articles, quotes, statements or people (issue 17): open it with the reader's messages. */
  fromReading?: true;
}

export interface SearchGroup {
  kind: ResultKind;
  /** Every match of this kind; `hits` holds the best of them. */
  total: number;
  hits: SearchHit[];
}

export interface SearchResults {
  query: string;
  groups: SearchGroup[];
  total: number;
  /** False while only names could be searched (the text index was still loading): ask again shortly. */
  complete: boolean;
}

/** Shown before anything is typed, and beside "no results". */
export interface SearchSuggestion {
  id: string;
  kind: EntityKind;
  name: string;
}

/** A source as an item shows it. */
export interface SourceRef {
  id: string;
  title: string;
  publisher: string | null;
  publishedAt: string;
  datePrecision: DatePrecision;
}

export interface EntityRef {
  id: string;
  name: string;
  kind: EntityKind;
}

/** One fact, quote, event or source, with its source and date (what choosing a result shows). */
export type SearchItem =
  | { type: 'fact'; id: string; text: string; quote: string; source: SourceRef; entities: EntityRef[] }
  | {
      type: 'quote';
      id: string;
      text: string;
      speaker: EntityRef | null;
      context: string;
      reportedBy: string | null;
      date: string | null;
      datePrecision: DatePrecision | null;
      dateNote: string | null;
      source: SourceRef;
      /** The speaker as the article names them, when they are not an entity (the reader's quotes). */
      speakerName?: string | null;
      fromReading?: true;
    }
  | {
      type: 'event';
      id: string;
      title: string;
      date: string;
      datePrecision: DatePrecision;
      dateNote: string | null;
      evidence: { quote: string; source: SourceRef }[];
      entities: EntityRef[];
      /** A dated statement of one of the reader's articles (its title is the sentence, verbatim). */
      fromReading?: true;
    }
  | {
      type: 'source';
      id: string;
      title: string;
      publisher: string | null;
      author: string | null;
      publishedAt: string;
      datePrecision: DatePrecision;
      /** The article's answer to the corpus's central question, in our words. */
      position: { stance: Stance; summary: string };
      entities: EntityRef[];
    };
