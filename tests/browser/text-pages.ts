/**
 * Pages for the "no text lost" real-browser tests (issue 13 §1, §5, §7), in Chromium and Firefox.
 * Every page holds the article twice: `#a`, which the extension marks, and `#m`, a mirror the
 * page opted out (`data-fact-context="off"`), which gets the same edits and no extension. After
 * any edit, the two must read the same: the oracle never looks at the extension's code.
 */
import { readFileSync } from 'node:fs';
import ts from 'typescript';

/** Article paragraphs with the corpus's names, straight quotes, an inline element and long words. */
export const PARAGRAPHS = [
  'On Friday Joe Biden met Keir Starmer in Washington, where the two leaders discussed \'long-range\' Storm Shadow missiles and the "next steps" for Ukraine.',
  "Volodymyr Zelensky said again that permission to strike deeper with ATACMS was 'a matter of survival', and Emmanuel Macron agreed with him.",
  'Antony Blinken told reporters that "no decision" had been taken, while David Lammy said Britain\'s position was unchanged after the meeting.',
  "Officials in several capitals weighed the risk of escalation against the cost of waiting, and Joe Biden's aides said the talks would go on.",
  '"We will not \'wait and see\' -- not now," the minister said on Tuesday, "and not \'later\'," before Joe Biden spoke to Keir Starmer again.',
  'Keir Starmer later met Volodymyr Zelensky, and the two men spoke of <em>Storm Shadow</em> deliveries and of support through the winter.',
];

/** The phrase the reader replaces in the editing tests (it holds two names, so three marks' worth of nodes). */
export const EDITED_PHRASE = 'Joe Biden met Keir Starmer in Washington';

/** Helpers the page's own scripts use (page world): text transforms as a hyphenation or quotes script does them. */
const PAGE_HELPERS = `
window.__textNodes = (root) => {
  const out = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) out.push(n);
  return out;
};
window.__transforms = {
  hyphenate: (s) => s.replace(/\\p{L}{6,}/gu, (w) => w.slice(0, 3) + '\\u00ad' + w.slice(3)),
  smartQuotes: (s) => s.replace(/--/g, '\\u2014').replace(/'/g, '\\u2019').replace(/"/g, '\\u201d'),
  upperCase: (s) => s.toUpperCase(),
};
/** A script that rewrites every text node of the page (ours included, empty ones too), as such scripts do. */
window.__everyTextNode = (name) => {
  const f = window.__transforms[name];
  for (const n of window.__textNodes(document.body)) {
    const next = f(n.data);
    if (next !== n.data) n.data = next;
  }
};
/** Selects \`phrase\` inside \`root\` (across any nodes), by the characters the page shows. */
window.__select = (root, phrase) => {
  const nodes = window.__textNodes(root);
  const text = nodes.map((n) => n.data).join('');
  const from = text.indexOf(phrase);
  if (from < 0) throw new Error('phrase not found: ' + phrase);
  const to = from + phrase.length;
  const point = (offset, end) => {
    let base = 0;
    for (const n of nodes) {
      if (n.length && (end ? offset <= base + n.length : offset < base + n.length)) return [n, offset - base];
      base += n.length;
    }
    const last = nodes[nodes.length - 1];
    return [last, last.length];
  };
  const [a, ao] = point(from, false);
  const [b, bo] = point(to, true);
  getSelection().setBaseAndExtent(a, ao, b, bo);
};
window.__same = () => ({
  ours: document.querySelector('#a').textContent,
  mirror: document.querySelector('#m').textContent,
});
`;

function articleMarkup(id: string, paragraphs: readonly string[]): string {
  return `<article id="${id}"><h1>Allies weigh long-range strikes</h1>\n${paragraphs.map((p) => `<p>${p}</p>`).join('\n')}</article>`;
}

/**
 * A news page with the article (`#a`), its mirror (`#m`, opted out), a contenteditable box and a
 * textarea outside the article (paste targets), and `script` run at the end of parsing (before
 * the content script starts).
 */
export function textPage(script = '', paragraphs: readonly string[] = PARAGRAPHS, extraBody = ''): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Allies weigh long-range strikes | The Local Ledger</title>
<meta property="og:type" content="article">
<style>body{font:18px/1.6 Georgia,serif;margin:24px} #m{color:#666}</style></head>
<body>
<main>${articleMarkup('a', paragraphs)}</main>
<section data-fact-context="off">${articleMarkup('m', paragraphs)}</section>
<div id="box" contenteditable="true" style="min-height:40px;border:1px solid #999"></div>
<textarea id="ta" style="width:600px;height:60px"></textarea>
${extraBody}
<script>${PAGE_HELPERS}
${script}</script>
</body></html>`;
}

/**
 * tests/text-edits.ts as a plain script for a page: its exports become globals of the page
 * (`random`, `articleHtml`, `createEditor`). It imports nothing, so a transpile is enough.
 */
export function textEditsScript(): string {
  const source = readFileSync(new URL('../text-edits.ts', import.meta.url), 'utf8');
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
  });
  const body = outputText.replace(/^export\s+/gm, '');
  return `(() => {${body}\nwindow.__edits = { random, articleHtml, createEditor };})();`;
}

/**
 * The random-edits page: article markup from `articleHtml(seed, names)` in `#a`, the same in a
 * mirror document; the editor takes the page's references before the content script starts.
 */
export function propertyPage(seed: number, names: readonly string[], articleHtml: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Random edits</title><meta property="og:type" content="article"></head>
<body><main><article id="a">${articleHtml}</article></main>
<script>${textEditsScript()}
const mirrorDoc = document.implementation.createHTMLDocument('');
mirrorDoc.body.innerHTML = '<article>' + document.querySelector('#a').innerHTML + '</article>';
window.__editor = window.__edits.createEditor(${seed}, document.querySelector('#a'), mirrorDoc.querySelector('article'), ${JSON.stringify(names)});
</script></body></html>`;
}
