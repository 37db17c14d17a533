/**
 * Random page edits for the "no text lost" property (issue 13 §1), applied to two documents: the
 * live one, where the extension marks, and a mirror without the extension. The oracle never
 * looks at the extension's code: after every step the two must hold the same text.
 *
 * - Edits of scripts that walk the DOM are said at text-offset level (insert, delete, replace of
 *   any length, upper-casing, smart quotes, soft hyphens, splitText, a range wrapped in an
 *   element) and applied in each document to the non-empty text node that holds that offset: a
 *   script edits the text it can read, and an empty node offers none.
 * - Element subtrees are moved, removed and re-inserted by their `data-k` name (every element of
 *   the page has one, in both documents), and `normalize()` is called on them.
 * - Framework writes go to references to the page's own text nodes taken before marking, as a
 *   framework keeps them: `nodeValue = newFullValue`, `removeChild`, re-insertion.
 *
 * After `normalize()`, the framework's references under that element are dropped: a framework
 * whose text nodes were merged away is already writing to nodes that are gone, with or without
 * us, so what its later writes mean is not defined by the page.
 *
 * Self-contained (no imports): the browser test bundles it into the fixture page.
 */

/** A small seeded generator (mulberry32): the same seed, the same steps. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS =
  'the minister said on Friday that talks would go on about missiles and support while officials in several capitals weighed the risk of escalation'.split(
    ' ',
  );
const INLINE = ['em', 'b', 'a', 'span', 'i'];

/** Random article markup: paragraphs of words and names, some inside inline elements, every element named. */
export function articleHtml(seed: number, names: readonly string[], paragraphs = 8): string {
  const rnd = random(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]!;
  let k = 0;
  const el = (tag: string, inner: string) => `<${tag} data-k="e${k++}">${inner}</${tag}>`;
  const out: string[] = [];
  for (let p = 0; p < paragraphs; p++) {
    const parts: string[] = [];
    const length = 6 + Math.floor(rnd() * 30);
    for (let w = 0; w < length; w++) {
      const r = rnd();
      let word = r < 0.22 ? pick(names) : pick(WORDS);
      if (rnd() < 0.1) word = `'${word}'`;
      if (rnd() < 0.08) word = `"${word}"`;
      // A name split over an inline element, now and then.
      if (r < 0.05 && word.includes(' ')) {
        const [first, ...rest] = word.split(' ');
        word = `${el(pick(INLINE), first!)} ${rest.join(' ')}`;
      } else if (rnd() < 0.15) word = el(pick(INLINE), word);
      parts.push(word);
    }
    out.push(el('p', `${parts.join(rnd() < 0.1 ? '  ' : ' ')}.`));
  }
  return out.join('\n');
}

interface Side {
  root: Element;
  doc: Document;
  /** The page's own text nodes, taken before marking (a framework's references). */
  refs: (Text | null)[];
  /** Subtrees the page took out, to put back later. */
  pool: Element[];
}

export interface Editor {
  /** Applies one random page edit to both documents; returns what it did. */
  step(): string;
  /** The two documents' texts (article and subtrees taken out), equal when the property holds. */
  texts(): { ours: string; mirror: string };
  /** The framework's reference `i` in each document (for a failure's report). */
  reference(i: number): { ours: Text | null; mirror: Text | null };
}

const SHY = '\u00ad';

/**
 * An editor over two article roots with the same markup (`ours` before the extension marks it).
 * Call it before marking: it takes the framework's references then.
 */
export function createEditor(seed: number, ours: Element, mirror: Element, names: readonly string[]): Editor {
  const rnd = random(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]!;
  const int = (n: number) => Math.floor(rnd() * n);
  const textNodes = (root: Node): Text[] => {
    const out: Text[] = [];
    const walker = root.ownerDocument!.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) out.push(n as Text);
    return out;
  };
  const sides: Side[] = [ours, mirror].map((root) => ({
    root,
    doc: root.ownerDocument,
    refs: textNodes(root),
    pool: [],
  }));
  let fresh = 0;
  const both = (act: (s: Side) => void) => sides.forEach(act);
  const byName = (s: Side, name: string): Element | null =>
    name === 'root'
      ? s.root
      : (s.root.querySelector(`[data-k="${name}"]`) ??
        s.pool.find((e) => (e as HTMLElement).dataset.k === name) ??
        null);
  const text = () => sides[1]!.root.textContent ?? '';

  /** Where character `offset` is in `s`: the non-empty text node holding it, and the offset in that node. */
  const locate = (s: Side, offset: number): { node: Text; at: number } | null => {
    let base = 0;
    let last: Text | null = null;
    for (const t of textNodes(s.root)) {
      if (!t.length) continue;
      if (offset < base + t.length) return { node: t, at: offset - base };
      base += t.length;
      last = t;
    }
    return last ? { node: last, at: last.length } : null;
  };
  /** Replaces characters [from, to) with `by`, node by node as a script would (in both documents). */
  const replace = (from: number, to: number, by: string) =>
    both((s) => {
      for (let left = to - from; left > 0; ) {
        const { node, at } = locate(s, from)!;
        const count = Math.min(left, node.length - at);
        node.deleteData(at, count);
        left -= count;
      }
      if (!by) return;
      const where = locate(s, from);
      if (where) where.node.insertData(where.at, by);
      else s.root.append(s.doc.createTextNode(by));
    });
  /** Character-level changes computed on the text (the same in both documents), written node by node. */
  const perCharacter = (from: number, to: number, change: (c: string, i: number, all: string) => string) => {
    const all = text();
    both((s) => {
      let base = 0;
      for (const t of textNodes(s.root)) {
        const start = base;
        base += t.length;
        if (!t.length || base <= from || start >= to) continue;
        let next = '';
        for (let i = 0; i < t.length; i++) {
          const at = start + i;
          next += at >= from && at < to ? change(t.data[i]!, at, all) : t.data[i]!;
        }
        if (next !== t.data) t.data = next;
      }
    });
  };
  const randomWords = () =>
    Array.from({ length: 1 + int(8) }, () => (rnd() < 0.3 ? pick(names) : pick(WORDS))).join(' ');
  const elementNames = (): string[] =>
    Array.from(sides[1]!.root.querySelectorAll<HTMLElement>('[data-k]'), (e) => e.dataset.k!);

  const ops: [number, () => string][] = [
    [
      4,
      () => {
        const at = int(text().length + 1);
        const by = rnd() < 0.5 ? randomWords() : pick(['x', ' ', SHY, 'Biden', '—']);
        replace(at, at, by);
        return `insert ${JSON.stringify(by)} at ${at}`;
      },
    ],
    [
      3,
      () => {
        const at = int(text().length);
        const len = 1 + int(rnd() < 0.7 ? 12 : 200);
        const to = Math.min(text().length, at + len);
        replace(at, to, '');
        return `delete [${at}, ${to})`;
      },
    ],
    [
      3,
      () => {
        const at = int(text().length);
        const to = Math.min(text().length, at + 1 + int(40));
        const by = randomWords();
        replace(at, to, by);
        return `replace [${at}, ${to}) by ${JSON.stringify(by)}`;
      },
    ],
    [
      2,
      () => {
        const at = int(text().length);
        const to = Math.min(text().length, at + int(300));
        perCharacter(at, to, (c) => c.toUpperCase());
        return `upper-case [${at}, ${to})`;
      },
    ],
    [
      2,
      () => {
        const at = int(text().length);
        const to = Math.min(text().length, at + int(400));
        perCharacter(at, to, (c, i, all) => {
          const open = i === 0 || /\s/.test(all[i - 1]!);
          if (c === "'") return open ? '‘' : '’';
          if (c === '"') return open ? '“' : '”';
          return c;
        });
        return `smart quotes [${at}, ${to})`;
      },
    ],
    [
      2,
      () => {
        // Soft hyphens inside long words (a hyphenation script): after the 2nd letter of each.
        const at = int(text().length);
        const to = Math.min(text().length, at + int(400));
        perCharacter(at, to, (c, i, all) =>
          /\p{L}/u.test(c) &&
          i >= 2 &&
          /\p{L}{2}$/u.test(all.slice(i - 2, i)) &&
          /\p{L}{2}/u.test(all.slice(i + 1, i + 3))
            ? i % 3 === 0
              ? c + SHY
              : c
            : c,
        );
        return `soft hyphens [${at}, ${to})`;
      },
    ],
    [
      2,
      () => {
        // Split where the character is, even at a node's start: the new node holds it in both.
        const at = int(text().length + 1);
        both((s) => {
          const where = locate(s, at);
          where?.node.splitText(where.at);
        });
        return `splitText at ${at}`;
      },
    ],
    [
      1,
      () => {
        // A script wrapping a word in an element (translation, highlighting of its own).
        const all = text();
        const at = int(all.length);
        const to = Math.min(all.length, at + 1 + int(10));
        const name = `n${fresh++}`;
        const wrap = (s: Side) => {
          const start = locate(s, at);
          if (!start || start.at + (to - at) > start.node.length) return false;
          return true;
        };
        if (!sides.every(wrap)) return `wrap [${at}, ${to}): spans nodes, skipped`;
        both((s) => {
          // Always a new node for the wrapped text (splitText even at 0), as a script cutting it out does.
          const { node, at: offset } = locate(s, at)!;
          const middle = node.splitText(offset);
          if (to - at < middle.length) middle.splitText(to - at);
          const span = s.doc.createElement('span');
          span.dataset.k = name;
          middle.replaceWith(span);
          span.append(middle);
        });
        return `wrap [${at}, ${to}) in span ${name}`;
      },
    ],
    [
      1,
      () => {
        const name = pick([...elementNames(), 'root']);
        // The framework's nodes under it may be merged away: its references there mean nothing now.
        const dropped = new Set<number>();
        both((s) => s.refs.forEach((t, i) => t && byName(s, name)?.contains(t) && dropped.add(i)));
        both((s) => {
          byName(s, name)?.normalize();
          for (const i of dropped) s.refs[i] = null;
        });
        return `normalize ${name}`;
      },
    ],
    [
      2,
      () => {
        const names = elementNames();
        if (names.length < 2) return 'move: nothing to move';
        const moved = pick(names);
        const target = pick([...names, 'root']);
        const how = pick(['before', 'after', 'prepend', 'append'] as const);
        if (sides[1]!.root.querySelector(`[data-k="${moved}"]`)!.contains(byName(sides[1]!, target)))
          return `move ${moved}: would go inside itself, skipped`;
        if (target === 'root' && (how === 'before' || how === 'after')) return 'move: around the root, skipped';
        both((s) => {
          const el = byName(s, moved)!;
          byName(s, target)![how](el);
        });
        return `move ${moved} ${how} ${target}`;
      },
    ],
    [
      1,
      () => {
        const names = elementNames();
        if (!names.length) return 'remove: nothing';
        const name = pick(names);
        both((s) => {
          const el = byName(s, name)!;
          el.remove();
          s.pool.push(el as HTMLElement);
        });
        return `remove ${name}`;
      },
    ],
    [
      1,
      () => {
        if (!sides[1]!.pool.length) return 're-insert: nothing taken out';
        const i = int(sides[1]!.pool.length);
        const target = pick([...elementNames(), 'root']);
        const how = pick(['prepend', 'append'] as const);
        both((s) => {
          const [el] = s.pool.splice(i, 1);
          byName(s, target)![how](el!);
        });
        return `re-insert ${sides[1]!.pool.length} ${how} ${target}`;
      },
    ],
    [
      3,
      () => {
        const i = int(sides[1]!.refs.length);
        if (!sides[1]!.refs[i]) return 'framework write: reference dropped';
        // Never '': a framework emptying its node is a write of the value we left in it (ADR 011).
        const value = randomWords();
        both((s) => (s.refs[i]!.nodeValue = value));
        return `framework: text node ${i} = ${JSON.stringify(value)}`;
      },
    ],
    [
      1,
      () => {
        const i = int(sides[1]!.refs.length);
        if (!sides[1]!.refs[i]?.parentNode) return 'framework remove: not in a parent';
        both((s) => s.refs[i]!.parentNode!.removeChild(s.refs[i]!));
        return `framework: remove text node ${i}`;
      },
    ],
    [
      1,
      () => {
        const i = int(sides[1]!.refs.length);
        if (!sides[1]!.refs[i] || sides[1]!.refs[i]!.parentNode) return 'framework re-insert: not taken out';
        const target = pick([...elementNames(), 'root']);
        const how = pick(['prepend', 'append'] as const);
        both((s) => byName(s, target)![how](s.refs[i]!));
        return `framework: re-insert text node ${i} ${how} ${target}`;
      },
    ],
    [
      1,
      () => {
        // A script that writes every text node of an element, empty ones too, through a transform.
        const name = pick([...elementNames(), 'root']);
        const lower = rnd() < 0.5;
        both((s) => {
          const el = byName(s, name);
          if (!el) return;
          for (const t of textNodes(el)) t.data = lower ? t.data.toLowerCase() : t.data.replaceAll(' ', '\u00a0');
        });
        return `every text node of ${name}: ${lower ? 'lower-case' : 'no-break spaces'}`;
      },
    ],
  ];
  const total = ops.reduce((sum, [w]) => sum + w, 0);
  return {
    step() {
      let r = rnd() * total;
      for (const [w, op] of ops) {
        r -= w;
        if (r < 0) return op();
      }
      return ops[0]![1]();
    },
    reference(i) {
      return { ours: sides[0]!.refs[i] ?? null, mirror: sides[1]!.refs[i] ?? null };
    },
    texts() {
      const of = (s: Side) => [s.root.textContent ?? '', ...s.pool.map((e) => `[${e.textContent ?? ''}]`)].join('\n');
      return { ours: of(sides[0]!), mirror: of(sides[1]!) };
    },
  };
}
