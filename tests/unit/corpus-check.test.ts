/**
 * Each rule of `npm run corpus:check` on a broken copy of a small valid corpus: the check must
 * name the file, the item and the reason. The first test proves the fixture itself is clean,
 * so every failure below comes from the one change it makes.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dateProblem, formatProblem } from '@/lib/corpus/compile';
import { loadCorpus } from '@/scripts/corpus/read';

const FIXTURE = join(import.meta.dirname, '../fixtures/corpus/valid');
const dirs: string[] = [];

/** Copies the valid fixture, applies `edit` to one file's text, returns the problems. */
function problemsAfter(file: string, edit: (text: string) => string) {
  const root = mkdtempSync(join(tmpdir(), 'corpus-'));
  dirs.push(root);
  const dir = join(root, 'corpus');
  cpSync(FIXTURE, dir, { recursive: true });
  const path = join(dir, file);
  const before = readFileSync(path, 'utf8');
  const after = edit(before);
  expect(after, 'the edit must change the file').not.toBe(before);
  writeFileSync(path, after);
  return loadCorpus(dir).problems.map(formatProblem);
}

afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('corpus check', () => {
  it('accepts the valid fixture', () => {
    const result = loadCorpus(FIXTURE);
    expect(result.problems.map(formatProblem)).toEqual([]);
    expect(result.bundle?.entities.map((e) => e.id)).toEqual(['jane-roe', 'skyfall']);
  });

  it('catches a quote that is not verbatim in its source', () => {
    // A straight apostrophe where the article has a curly one is not verbatim.
    const problems = problemsAfter('sources/sample-article/source.yaml', (t) =>
      t.replace('quote: "Roe’s ministry confirmed the order"', `quote: "Roe's ministry confirmed the order"`),
    );
    expect(problems).toContainEqual(
      expect.stringMatching(
        /^corpus\/sources\/sample-article\/source\.yaml: sample-article position: quote is not verbatim/,
      ),
    );
  });

  it('catches an edited article (quotes no longer verbatim)', () => {
    const problems = problemsAfter('sources/sample-article/article.txt', (t) =>
      t.replace('Skyfall rockets', 'Skyfall missiles'),
    );
    expect(problems).toContainEqual(
      expect.stringMatching(
        /skyfall-rockets-arrive-march: quote is not verbatim in corpus\/sources\/sample-article\/article\.txt/,
      ),
    );
  });

  it('catches an unknown entity id', () => {
    const problems = problemsAfter('events.yaml', (t) => t.replace('entities: [jane-roe]', 'entities: [john-doe]'));
    expect(problems).toContain('corpus/events.yaml: roe-order-confirmed: unknown entity "john-doe"');
  });

  it('catches an unknown source id', () => {
    const problems = problemsAfter('events.yaml', (t) => t.replace('source: sample-article', 'source: other-article'));
    expect(problems).toContain('corpus/events.yaml: roe-order-confirmed: unknown source "other-article"');
  });

  it('catches a duplicated id', () => {
    const problems = problemsAfter('events.yaml', (t) =>
      t.replace('id: roe-order-confirmed', 'id: roe-is-defense-minister'),
    );
    expect(problems).toContain('corpus/events.yaml: roe-is-defense-minister: duplicated id (also a fact)');
  });

  it('catches a malformed date', () => {
    const problems = problemsAfter('events.yaml', (t) => t.replace('date: "2024-06-03"', 'date: "2024-06-31"'));
    expect(problems).toContain('corpus/events.yaml: roe-order-confirmed: malformed date "2024-06-31" (no such day)');
  });

  it('catches a date that contradicts its precision', () => {
    const problems = problemsAfter('events.yaml', (t) => t.replace('precision: day', 'precision: month'));
    expect(problems).toContain(
      'corpus/events.yaml: roe-order-confirmed: date "2024-06-03" has day precision but is marked month',
    );
  });

  it('catches a resolved date without its reasoning', () => {
    const problems = problemsAfter('sources/sample-article/source.yaml', (t) =>
      t.replace('  note: "Two days after the stated 3 June 2024."\n', ''),
    );
    expect(problems).toContain(
      'corpus/sources/sample-article/source.yaml: sample-article published: a relative date needs a note saying how it was resolved',
    );
  });

  it('catches an unflagged alias shared by two entities', () => {
    const problems = problemsAfter('entities/weapons.yaml', (t) =>
      t.replace('aliases: [Skyfall]', 'aliases: [Skyfall, Jane Roe]'),
    );
    expect(problems).toContainEqual(
      expect.stringMatching(/^corpus\/entities\/people\.yaml: jane-roe: alias "Jane Roe" is shared with skyfall/),
    );
    expect(problems).toContainEqual(
      expect.stringMatching(/^corpus\/entities\/weapons\.yaml: skyfall: alias "Jane Roe" is shared with jane-roe/),
    );
  });

  it('accepts an alias shared by two entities when both flag it', () => {
    const result = problemsAfter('entities/weapons.yaml', (t) =>
      t.replace('aliases: [Skyfall]', 'aliases: [Skyfall, { text: Roe, ambiguous: "also a person" }]'),
    );
    expect(result).toEqual([]);
  });

  it('catches two spellings of one alias that the matcher cannot tell apart', () => {
    const problems = problemsAfter('entities/weapons.yaml', (t) =>
      t.replace('aliases: [Skyfall]', 'aliases: [Skyfall, SKY-FALL, Sky fall]'),
    );
    expect(problems).toContain(
      'corpus/entities/weapons.yaml: skyfall: alias "Sky fall" is listed twice (the matcher does not tell the spellings apart)',
    );
  });

  it('catches an entity with no fact', () => {
    const problems = problemsAfter('sources/sample-article/source.yaml', (t) =>
      t.replace('entities: [skyfall, jane-roe]', 'entities: [jane-roe]'),
    );
    expect(problems).toContain('corpus/entities/weapons.yaml: skyfall: entity has no fact');
  });

  it('catches a source that is never cited', () => {
    const root = mkdtempSync(join(tmpdir(), 'corpus-'));
    dirs.push(root);
    const dir = join(root, 'corpus');
    cpSync(FIXTURE, dir, { recursive: true });
    cpSync(join(dir, 'sources/sample-article'), join(dir, 'sources/uncited-article'), { recursive: true });
    const yaml = join(dir, 'sources/uncited-article/source.yaml');
    writeFileSync(
      yaml,
      readFileSync(yaml, 'utf8')
        .replace('id: sample-article', 'id: uncited-article')
        .replace(/\nfacts:[\s\S]*$/, '\n'),
    );
    const problems = loadCorpus(dir).problems.map(formatProblem);
    expect(problems).toContain(
      'corpus/sources/uncited-article/source.yaml: uncited-article: source is never cited (no fact, quote, event or claim uses it)',
    );
  });

  it('catches an entity id not made from its name', () => {
    const problems = problemsAfter('entities/people.yaml', (t) => t.replace('name: Jane Roe', 'name: Jane Doe'));
    expect(problems).toContain(
      'corpus/entities/people.yaml: jane-roe: id must be made from the name "Jane Doe": jane-doe',
    );
  });

  it('catches broken YAML with its file', () => {
    const problems = problemsAfter('claims.yaml', (t) => `${t}\n  - broken: [unclosed\n`);
    expect(problems.some((p) => p.startsWith('corpus/claims.yaml: (file): YAML:'))).toBe(true);
  });

  it('catches an unknown field (a typo) in the schema', () => {
    const problems = problemsAfter('events.yaml', (t) =>
      t.replace('precision: day', 'precision: day\n  precison: day'),
    );
    expect(problems).toContainEqual(expect.stringMatching(/^corpus\/events\.yaml: roe-order-confirmed precison: /));
  });

  it('catches a claim whose positions do not differ', () => {
    const problems = problemsAfter('claims.yaml', (t) =>
      t.replace('speaker: jane-roe, stance: "yes"', 'speaker: null, stance: unclear'),
    );
    expect(problems).toContain('corpus/claims.yaml: when-do-rockets-arrive: positions do not differ: not a dispute');
  });
});

describe('dateProblem', () => {
  it('accepts every precision in its own form', () => {
    expect(
      dateProblem({ date: '2024', precision: 'year', method: 'stated', note: null, outsideFact: null }),
    ).toBeNull();
    expect(
      dateProblem({ date: '2024-02', precision: 'month', method: 'stated', note: null, outsideFact: null }),
    ).toBeNull();
    expect(
      dateProblem({ date: '2024-02-29', precision: 'day', method: 'stated', note: null, outsideFact: null }),
    ).toBeNull();
  });
  it('requires the outside fact to be named', () => {
    expect(
      dateProblem({
        date: '2024-09-10',
        precision: 'day',
        method: 'outside-fact',
        note: 'debate day',
        outsideFact: null,
      }),
    ).toMatch(/must name the outside fact/);
  });
  it('rejects 29 February in a common year', () => {
    expect(
      dateProblem({ date: '2023-02-29', precision: 'day', method: 'stated', note: null, outsideFact: null }),
    ).toMatch(/no such day/);
  });
  describe('common full names (docs/adr/014)', () => {
    const P = 'corpus/entities/people.yaml: jane-roe';
    const flag = (t: string, alias = '- Jane Roe', topics = '\n  topics: ["defense"]') =>
      t
        .replace(`    ${alias}\n`, `    - text: ${alias.slice(2)}\n      common: "others bear the name"\n`)
        .replace('  titles: ["Defense Minister"]', `  titles: ["Defense Minister"]${topics}`);
    it('accepts a full name flagged common, with its reason, whose surname is ambiguous', () => {
      expect(problemsAfter('entities/people.yaml', (t) => flag(t))).toEqual([]);
    });
    it('needs topic words, without which the name could never link', () => {
      expect(problemsAfter('entities/people.yaml', (t) => flag(t, '- Jane Roe', ''))).toContain(
        `${P}: a common name needs topic words: without them it could never link`,
      );
    });
    it('is for full names whose surname the corpus already calls ambiguous', () => {
      const problems = problemsAfter('entities/people.yaml', (t) =>
        flag(t).replace(
          '    - text: Roe\n      ambiguous: "common word (fish eggs) and a US court case"\n',
          '    - Roe\n',
        ),
      );
      expect(problems).toContain(
        `${P}: common alias "Jane Roe": its surname must be an alias of the entity flagged ambiguous`,
      );
    });
    it('flags the canonical name with its other spellings', () => {
      const problems = problemsAfter('entities/people.yaml', (t) =>
        flag(t.replace('    - Jane Roe\n', '    - Jane Roe\n    - Janet Roe\n'), '- Janet Roe'),
      );
      expect(problems).toContain(
        `${P}: has common aliases, so its name "Jane Roe" must be listed and flagged common too`,
      );
    });
    it('is for people only', () => {
      const problems = problemsAfter('entities/weapons.yaml', (t) =>
        t.replace('  aliases: [Skyfall]', '  aliases: [{ text: Sky Fall, common: "a film" }, Skyfall]'),
      );
      expect(problems).toContainEqual(expect.stringContaining('skyfall: only people have common names'));
    });
  });
});
