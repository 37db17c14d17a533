import { startContent } from '@/lib/content';
import { lazyCards } from '@/lib/content/card-loader';

export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  runAt: 'document_idle',
  main(ctx) {
    lazyCards(startContent(ctx));
  },
});
