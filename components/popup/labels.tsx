/** Words the popup and options page show for kinds of things. */
import type { EntityKind } from '@/lib/corpus/schema';
import type { ResultKind } from '@/lib/search/types';

/** Group headings of search results and of "This page". */
export const KIND_HEADINGS: Record<ResultKind, string> = {
  person: 'People',
  weapon: 'Weapons',
  'weapon-class': 'Kinds of weapon',
  event: 'Events',
  fact: 'Facts',
  quote: 'Quotes',
  source: 'Sources',
};

/** One of a kind, for "1 person" and the options' kind switches. */
export const KIND_SINGULAR: Record<EntityKind, string> = {
  person: 'person',
  weapon: 'weapon',
  'weapon-class': 'kind of weapon',
};

export function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
