import { startContent } from '@/lib/content';
import { lazyCards } from '@/lib/content/card-loader';

export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  // As soon as the document is parsed: an article page gets its marks without waiting for every image.
  runAt: 'document_end',
  // No stylesheet in the manifest: the marks' style goes in with the first mark (lib/content/mark-style.ts),
  // so a page where we mark nothing cannot tell we are installed.
  main(ctx) {
    lazyCards(startContent(ctx));
  },
});
