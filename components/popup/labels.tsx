/** Words the popup shows for kinds of things. */
import { KIND_LABELS } from '@/lib/actions/kinds';
import type { ResultKind } from '@/lib/search/types';

/** Group headings of search results and of "This page" (entity kinds as everywhere: lib/actions/kinds.ts). */
export const KIND_HEADINGS: Record<ResultKind, string> = {
  person: KIND_LABELS.person.many,
  weapon: KIND_LABELS.weapon.many,
  'weapon-class': KIND_LABELS['weapon-class'].many,
  event: 'Events',
  fact: 'Facts',
  quote: 'Quotes',
  source: 'Sources',
};

export function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
