/** What the extension calls each kind of entity, everywhere: the card, the popup, the options, the timeline. */
import type { EntityKind } from '../corpus/schema';

export const KIND_LABELS: Readonly<Record<EntityKind, { readonly one: string; readonly many: string }>> = {
  person: { one: 'Person', many: 'People' },
  weapon: { one: 'Weapon system', many: 'Weapon systems' },
  'weapon-class': { one: 'Kind of weapon', many: 'Kinds of weapon' },
};
