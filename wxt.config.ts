import { fileURLToPath } from 'node:url';
import { defineConfig } from 'wxt';
import { corpusPlugin } from './scripts/corpus/vite-plugin';

// See docs/adr for the reasoning behind each choice below.
export default defineConfig({
  // Folders keep the design card's top-level layout (entrypoints/, components/, lib/ at the root).
  srcDir: '.',
  entrypointsDir: 'entrypoints',
  // Separate output folders let several builds (and their browser tests) run side by side.
  outDir: process.env.FACT_CONTEXT_OUT_DIR ?? '.output',
  modules: [],
  manifest: ({ browser }) => ({
    name: 'Fact Context',
    description:
      'Who is named in the news you read, what the sources said, and where they disagree. Runs on your device only.',
    // storage: settings and per-site choices. Nothing else: no tabs, no history, no network.
    permissions: ['storage'],
    // Parts of the content script loaded when first needed (lib/content/part-loader.ts): the
    // detector on pages with an article, the card UI when a reader reaches for a card, the article
    // extractor when the reader adds the page's article (issue 17).
    web_accessible_resources:
      browser === 'firefox'
        ? ['detector.js', 'card-ui.js', 'extractor.js']
        : [
            {
              resources: ['detector.js', 'card-ui.js', 'extractor.js'],
              matches: ['http://*/*', 'https://*/*'],
              use_dynamic_url: true,
            },
          ],
    // Suggested keys; people rebind them in the browser's shortcut settings.
    commands: {
      'next-mention': { suggested_key: { default: 'Alt+Shift+N' }, description: 'Go to the next highlighted name' },
      'previous-mention': {
        suggested_key: { default: 'Alt+Shift+P' },
        description: 'Go to the previous highlighted name',
      },
      // The confirmation of "Add this article" for the active tab (lib/background/add-article.ts).
      // Alt+Shift+D: free in both browsers (Chromium's own Alt+Shift keys are A, B, I and T, the
      // last taken over by the timeline; Firefox has none). Chromium accepts at most four
      // suggested keys: this is the fourth.
      'add-article': {
        suggested_key: { default: 'Alt+Shift+D' },
        description: 'Add this page’s article to your sources',
      },
      ...(browser === 'firefox'
        ? { _execute_sidebar_action: { suggested_key: { default: 'Alt+Shift+T' }, description: 'Open the timeline' } }
        : { 'open-timeline': { suggested_key: { default: 'Alt+Shift+T' }, description: 'Open the timeline' } }),
    },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'fact-context@example.org',
              // 140: the first release that knows data_collection_permissions (no data leaves the device).
              strict_min_version: '140.0',
              data_collection_permissions: { required: ['none'] },
            },
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : {}),
  }),
  vite: () => ({
    plugins: [corpusPlugin()],
    resolve: {
      alias: [
        // WXT's content-script context announces every start to the page with the extension's id
        // and stops when the page forges that announcement; ours does neither (lib/content/context.ts).
        {
          find: /^wxt\/utils\/content-script-context$/,
          replacement: fileURLToPath(new URL('./lib/content/context.ts', import.meta.url)),
        },
      ],
    },
    oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
    build: { target: 'es2022' },
  }),
});
