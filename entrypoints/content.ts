import { startContent } from '@/lib/content';

export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  runAt: 'document_idle',
  main(ctx) {
    startContent(ctx);
  },
});
