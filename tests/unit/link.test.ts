/** lib/match/link.ts: the linker's rules, and its cost on pathological pages. */
import { describe, expect, it } from 'vitest';
import type { MatcherEntity } from '@/lib/messaging/protocol';
import { buildMatcher } from '@/lib/match/matcher';
import { Linker, newPageEvidence, type PageMetadata } from '@/lib/match/link';
import { tokenize } from '@/lib/match/text';
import { loadCorpus } from '@/scripts/corpus/read';

const amb = (text: string, why = 'test') => ({ text, ambiguous: why });
const plain = (text: string) => ({ text, ambiguous: null });
const entity = (e: Partial<MatcherEntity> & Pick<MatcherEntity, 'id' | 'kind' | 'aliasDetails'>): MatcherEntity => ({
  name: e.aliasDetails[0]!.text,
  titles: [],
  topics: [],
  excludes: [],
  relatedIds: [],
  ...e,
});

const PERF_ENTITIES: MatcherEntity[] = [
  entity({
    id: 'lloyd-austin',
    kind: 'person',
    aliasDetails: [plain('Lloyd Austin'), amb('Austin')],
    titles: ['Defense Secretary'],
    topics: ['Pentagon', 'Ramstein'],
    relatedIds: ['volodymyr-zelensky'],
  }),
  entity({
    id: 'volodymyr-zelensky',
    kind: 'person',
    aliasDetails: [plain('Volodymyr Zelensky'), plain('Zelensky')],
    relatedIds: ['lloyd-austin'],
  }),
];

/** Median of a few runs of `fn`, in ms: one slow run on a shared machine says little. */
function medianMs(fn: () => void, runs = 3): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

describe('linker cost', () => {
  it('is linear in the names of one block: one paragraph of 20,000 names costs about what 1,000 paragraphs of 20 do', () => {
    const matcher = buildMatcher(PERF_ENTITIES);
    const linker = new Linker(PERF_ENTITIES);
    const unit = 'At the Pentagon, Austin met Zelensky. ';
    const chunkOf = (text: string) => {
      const tokens = tokenize(text);
      return { text, tokens, candidates: matcher.scan(text, tokens) };
    };
    // The same 20,000 names, once as 1,000 ordinary paragraphs, once as a single paragraph.
    const paragraphs = Array.from({ length: 1_000 }, () => chunkOf(unit.repeat(10)));
    const block = [chunkOf(unit.repeat(10_000))];
    const run = (chunks: typeof paragraphs) => () => void linker.link(chunks, newPageEvidence());
    // Warm up both paths (JIT) before timing.
    run(paragraphs)();
    run(block)();
    const baseline = medianMs(run(paragraphs));
    const pathological = medianMs(run(block));
    // Both link the same mentions; a linear linker takes about as long for each (3× for noise).
    expect(linker.link(block, newPageEvidence())[0]).toHaveLength(20_000);
    expect(pathological / baseline).toBeLessThan(3);
  });
});

describe('variant cost', () => {
  it('is linear in the words: 20,000 distinct words shaped like a long name cost about twice 10,000', () => {
    const matcher = buildMatcher(loadCorpus().bundle!.entities);
    let seed = 7;
    const letter = () => 'abcdefghijklmnopqrstuvwxyz'[(seed = (seed * 1103515245 + 12345) % 2147483648) % 26]!;
    // Capitalised, 11 letters, first and last like "Stoltenberg": every one needs a real look-up.
    const words = (n: number) =>
      Array.from({ length: n }, () => `S${Array.from({ length: 9 }, letter).join('')}g`).join(' ');
    const half = words(10_000);
    const full = words(20_000);
    matcher.scan(words(2_000));
    const baseline = medianMs(() => void matcher.scan(half));
    const double = medianMs(() => void matcher.scan(full));
    expect(double / baseline).toBeLessThan(3.5);
  });
});

// ---------------------------------------------------------------------------------------------
// The rules of issue 14, on the real corpus (its flags, titles and topic words drive them).
// ---------------------------------------------------------------------------------------------

const corpusEntities = loadCorpus().bundle!.entities;
const corpusMatcher = buildMatcher(corpusEntities);

/** Links of one page, as "surface=entity (evidence)", with the page's metadata if given. */
function page(paragraphs: string[], metadata?: PageMetadata): string[] {
  const linker = new Linker(corpusEntities, metadata ? { metadata: () => metadata } : {});
  const chunks = paragraphs.map((text) => {
    const tokens = tokenize(text);
    return { text, tokens, candidates: corpusMatcher.scan(text, tokens) };
  });
  return linker
    .link(chunks, newPageEvidence())
    .flatMap((ls, i) => ls.map((l) => `${paragraphs[i]!.slice(l.start, l.end)}=${l.entityId} (${l.evidence.kind})`));
}

describe('title agreement', () => {
  it('never links a name after an honorific of another kind of person, and leaves the surname to that person', () => {
    expect(page(['Mrs Macron visited a school in Amiens.', 'Macron, 72, said the pupils were curious.'])).toEqual([]);
    expect(page(['Mrs. Macron and Madame Macron are the same first lady.'])).toEqual([]);
    // A title of the entity's own still names it.
    expect(page(['Mrs Macron visited a school.', 'President Macron stayed in Paris.'])).toEqual([
      'Macron=emmanuel-macron (title)',
    ]);
    // Honorifics that fit are no obstacle: "Mr Macron", "Monsieur Macron", "Herr Selenskyj".
    expect(page(['Mr Macron and Monsieur Macron met Herr Selenskyj.'])).toEqual([
      'Macron=emmanuel-macron (alias)',
      'Macron=emmanuel-macron (alias)',
      'Selenskyj=volodymyr-zelensky (alias)',
    ]);
  });
  it('never links an ambiguous surname after an office the entity does not hold', () => {
    const briefing = 'At the State Department briefing on Ukraine, Blinken spoke first.';
    expect(page([briefing, 'Coach Miller and Senator Miller disagreed. Gov. Austin and Sen. Harris too.'])).toEqual([
      'Blinken=antony-blinken (alias)',
    ]);
    // Its own office, even abbreviated or in another language, fits.
    expect(page(['Rep. McCaul said Defense Secretary Austin and Außenminister Sybiha agreed.'])).toEqual([
      'McCaul=michael-mccaul (alias)',
      'Austin=lloyd-austin (title)',
      'Sybiha=andrii-sybiha (alias)',
    ]);
  });
  it('takes the titles news uses: "President-elect Trump" names him for the rest of the page', () => {
    expect(page(['President-elect Trump met his advisers.', 'Trump supporters gathered outside.'])).toEqual([
      'Trump=donald-trump (title)',
      'Trump=donald-trump (full-name)',
    ]);
  });
});

describe("the page's metadata", () => {
  const body = ['Trump supporters gathered outside the hotel on Tuesday night.'];
  it('settles who a bare surname means, and shows it as the reason', () => {
    expect(page(body)).toEqual([]);
    expect(page(body, { texts: ['Donald Trump', 'Election 2016'], language: 'en' })).toEqual([
      'Trump=donald-trump (metadata)',
    ]);
  });
  it('never marks anything by itself', () => {
    expect(page(['Supporters gathered outside the hotel.'], { texts: ['Donald Trump'], language: 'en' })).toEqual([]);
  });
  it('naming someone else with the surname keeps the bare surname from the entity', () => {
    expect(page(body, { texts: ['Melania Trump', 'White House'], language: 'en' })).toEqual([]);
  });
  it('counts its topic words for a common name, but a common name in it needs support like any other', () => {
    const sports = ['Matt Miller ranked the quarterbacks in his mock draft.'];
    expect(page(sports, { texts: ['Matt Miller', 'NFL Draft'], language: 'en' })).toEqual([]);
    expect(page(sports, { texts: ['State Department', 'Ukraine'], language: 'en' })).toEqual([
      'Matt Miller=matthew-miller (alias)',
    ]);
  });
});

describe('a name linked by its topic words', () => {
  const filler = 'The talks went on for hours and the delegations left late in the evening. '.repeat(8);
  it('means the same person later on the page, out of reach of those words, with that said', () => {
    expect(
      page([
        'Trump met the Republicans at the White House on Monday.',
        filler,
        'After the meeting, Trump left for the airport.',
      ]),
    ).toEqual(['Trump=donald-trump (topic)', 'Trump=donald-trump (same-name)']);
  });
  it('not on a page naming another bearer of the name, nor before the first link', () => {
    expect(
      page([
        'Trump met the Republicans at the White House on Monday.',
        'Melania Trump opened an exhibition.',
        filler,
        'After the opening, Trump left for the airport.',
      ]),
    ).toEqual([]);
    expect(
      page([
        'In the morning, Trump left for the airport.',
        filler,
        'Trump met the Republicans at the White House on Monday.',
      ]),
    ).toEqual(['Trump=donald-trump (topic)']);
  });
});

describe('common full names', () => {
  it('link only on a page with some of the entity’s topic evidence', () => {
    const sports = [
      'ESPN analyst Matt Miller joined the broadcast for rounds four to seven.',
      'Miller said the quarterback class was deep.',
    ];
    expect(page(sports)).toEqual([]);
    expect(page(['Matt Miller answered questions at the State Department briefing.'])).toEqual([
      'Matt Miller=matthew-miller (alias)',
    ]);
    // A related corpus entity named on the page is support too.
    expect(page(['Matt Miller spoke after Antony Blinken left.', 'Miller took questions.'])).toEqual([
      'Matt Miller=matthew-miller (alias)',
      'Antony Blinken=antony-blinken (alias)',
      'Miller=matthew-miller (full-name)',
    ]);
  });
  it('do not count against names that are not flagged', () => {
    expect(page(['Reporters asked about Kamala Harris on a quiet Tuesday.'])).toEqual([
      'Kamala Harris=kamala-harris (alias)',
    ]);
  });
});

describe('spellings', () => {
  it('links near-miss spellings of long names on a page that supports the entity, and says so', () => {
    expect(page(['In Kyiv, President Zelenksy met NATO’s Jens Stoltenburg about Ukraine and Russia.'])).toEqual([
      'Zelenksy=volodymyr-zelensky (spelling)',
      'Jens Stoltenburg=jens-stoltenberg (spelling)',
    ]);
    const linker = new Linker(corpusEntities);
    const text = 'Zelenksy spoke in Kyiv about Ukraine.';
    const tokens = tokenize(text);
    const [links] = linker.link([{ text, tokens, candidates: corpusMatcher.scan(text, tokens) }], newPageEvidence());
    expect(links![0]!.evidence).toEqual({ kind: 'spelling', written: 'Zelenksy', alias: 'Zelensky' });
  });
  it('not on a page about something else, not for another ending, short names or words the page uses', () => {
    expect(page(['Zelenksy is the name of a racehorse that won at Ascot.'])).toEqual([]);
    // Olena Zelenska is another person; "Yermakov" another surname; "Putim" is too short to guess.
    expect(page(['In Kyiv, Olena Zelenska and Yermakov met Putim about Ukraine.'])).toEqual([]);
    expect(
      page(['Blinkem blinked in Washington, at the State Department.', 'Blinkem is a word here: blinkem.']),
    ).toEqual([]);
  });
  it('links the forms other languages’ outlets write, by the page’s language', () => {
    const de = { texts: [], language: 'de' };
    expect(page(['Die Rada bestätigte Selenskyjs Wunschkandidatin; Umjerow dankte.'], de)).toEqual([
      'Selenskyjs=volodymyr-zelensky (alias)',
      'Umjerow=rustem-umerov (alias)',
    ]);
    // Not on an English page, where -s is a plural.
    expect(page(['The Selenskyjs were not there.'])).toEqual([]);
    const pl = { texts: [], language: 'pl' };
    expect(page(['Spotkanie Donalda Trumpa i Władimira Putina. Rozmawiał z Andrijem Sybihą.'], pl)).toEqual([
      'Donalda Trumpa=donald-trump (alias)',
      'Władimira Putina=vladimir-putin (alias)',
      'Sybihą=andrii-sybiha (alias)',
    ]);
    expect(page(['Wołodymyrowi Zełenskiemu towarzyszył minister.'], pl)).toEqual([
      'Wołodymyrowi Zełenskiemu=volodymyr-zelensky (alias)',
    ]);
    // A first name spelt another way is the entity's own, not someone else's.
    expect(page(['Le président ukrainien Volodimir Zelenski est légitime.'])).toEqual([
      'Zelenski=volodymyr-zelensky (alias)',
    ]);
  });
});
