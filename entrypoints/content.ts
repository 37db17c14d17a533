import { startContent } from '@/lib/content';
import { lazyCards } from '@/lib/content/card-loader';
// The marks' look, injected with the script by the manifest (no style attribute per mark).
import '@/lib/content/marks.css';

export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  // As soon as the document is parsed: an article page gets its marks without waiting for every image.
  runAt: 'document_end',
  main(ctx) {
    lazyCards(startContent(ctx));
  },
});
