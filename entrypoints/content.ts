import { startLoader } from '@/lib/content/loader';

export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  // As soon as the document is parsed: an article page gets its marks without waiting for every image.
  runAt: 'document_end',
  // No stylesheet in the manifest: the marks' style goes in with the first mark (lib/content/mark-style.ts),
  // so a page where we mark nothing cannot tell we are installed. Only the small loader runs on
  // every page; the rest comes where an article is found (lib/content/loader.ts).
  main(ctx) {
    startLoader(ctx);
  },
});
