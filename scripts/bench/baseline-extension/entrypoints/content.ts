/** An empty WXT content script on every page, started when ours is (entrypoints/content.ts). */
export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  runAt: 'document_end',
  main() {},
});
