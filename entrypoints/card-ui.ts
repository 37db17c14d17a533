import { attachCards } from '@/components/card/card-host';
import { CARD_UI_GLOBAL } from '@/lib/content/card-loader';

/**
 * The card's UI (Preact, Floating UI, the card), loaded by the content script only when a
 * reader first reaches for a card: pages where nobody hovers a name never pay for it.
 */
export default defineUnlistedScript(() => {
  (globalThis as Record<string, unknown>)[CARD_UI_GLOBAL] = attachCards;
});
