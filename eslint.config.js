// @ts-check
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['.output/', '.output-*/', '**/.wxt/', 'node_modules/', 'web-ext-artifacts/', '.tmp/'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    // Shipped code renders text as text. (Tests may read innerHTML to compare pages.)
    files: ['lib/**', 'components/**', 'entrypoints/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        { property: 'innerHTML', message: 'Render text as text (textContent, Preact children).' },
        { property: 'outerHTML', message: 'Render text as text.' },
        { property: 'insertAdjacentHTML', message: 'Render text as text.' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'Render text as text.' },
        { selector: "CallExpression[callee.name='eval']", message: 'No eval: no remote or generated code.' },
        { selector: "NewExpression[callee.name='Function']", message: 'No generated code.' },
      ],
    },
  },
  {
    // Layer boundaries: lib/ is plain modules, never UI or entrypoints.
    files: ['lib/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/entrypoints/**', '@/entrypoints/**', '**/components/**', '@/components/**'],
              message: 'lib/ must not depend on entrypoints/ or components/.',
            },
          ],
        },
      ],
    },
  },
  {
    // The content script runs next to a hostile page: never the database (that would be the
    // page's own IndexedDB, and would pull Dexie into the bundle), never network calls.
    files: [
      'lib/content/**',
      'entrypoints/content.ts',
      'entrypoints/card-ui.ts',
      'entrypoints/detector.ts',
      'components/card/**',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'dexie', message: 'No IndexedDB in the content script: ask the background.' }],
          patterns: [
            {
              group: ['**/db', '**/db/**', '@/lib/db', '@/lib/db/**'],
              message: 'No IndexedDB in the content script: ask the background.',
            },
            {
              group: ['**/background/**', '@/lib/background/**'],
              message: 'The content script talks to the background by messages only.',
            },
            { group: ['virtual:corpus'], message: 'The corpus stays in the background.' },
            { group: ['**/session', '@/lib/session'], message: 'Chrome refuses content scripts storage.session.' },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'indexedDB', message: 'That is the page’s database, not ours.' },
        { name: 'fetch', message: 'No network requests.' },
        { name: 'XMLHttpRequest', message: 'No network requests.' },
      ],
    },
  },
  {
    files: ['tests/**', 'scripts/**'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
