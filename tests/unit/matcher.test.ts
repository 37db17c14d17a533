/** The alias matcher and the linker on plain text, with a small entity list made for the rules. */
import { describe, expect, it } from 'vitest';
import type { MatcherEntity } from '@/lib/messaging/protocol';
import { buildMatcher } from '@/lib/match/matcher';
import { Linker, newPageEvidence, type Link } from '@/lib/match/link';
import { tokenize } from '@/lib/match/text';

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

const ENTITIES: MatcherEntity[] = [
  entity({
    id: 'lloyd-austin',
    kind: 'person',
    aliasDetails: [plain('Lloyd Austin'), amb('Austin', 'a city')],
    titles: ['Defense Secretary', 'Secretary of Defense', 'U.S. Defense Secretary'],
    topics: ['Pentagon', 'Ramstein', 'defense chiefs'],
    excludes: ['Austin, Texas', 'University of Texas at Austin', 'Steve Austin'],
  }),
  entity({
    id: 'donald-trump',
    kind: 'person',
    aliasDetails: [plain('Donald Trump'), amb('Trump', 'a common word')],
    excludes: ['Donald Trump Jr.', 'Trump Tower'],
    topics: ['Republican', 'election'],
  }),
  entity({
    id: 'joe-biden',
    kind: 'person',
    aliasDetails: [plain('Joe Biden'), plain('Biden')],
    titles: ['President'],
    excludes: ['Hunter Biden'],
  }),
  entity({
    id: 'volodymyr-zelensky',
    kind: 'person',
    aliasDetails: [plain('Volodymyr Zelensky'), plain('Zelensky'), plain('Zelenskyy')],
  }),
  entity({ id: 'radoslaw-sikorski', kind: 'person', aliasDetails: [plain('Radosław Sikorski'), plain('Sikorski')] }),
  entity({ id: 'storm-shadow', kind: 'weapon', aliasDetails: [plain('Storm Shadow'), plain('SCALP-EG')] }),
  entity({
    id: 'taurus',
    kind: 'weapon',
    aliasDetails: [amb('Taurus', 'a star sign'), amb('taurus')],
    titles: ['missile', 'cruise missile'],
  }),
  entity({ id: 'atacms', kind: 'weapon', aliasDetails: [plain('ATACMS')] }),
  entity({ id: 'f-16', kind: 'weapon', aliasDetails: [plain('F-16')] }),
  entity({ id: 'drone', kind: 'weapon-class', aliasDetails: [plain('drone')] }),
  entity({
    id: 'long-range-missile',
    kind: 'weapon-class',
    aliasDetails: [plain('long-range missile'), plain('long-range weapons')],
  }),
];

const matcher = buildMatcher(ENTITIES);
const linker = new Linker(ENTITIES);

/** Links in one or more paragraphs of one page, as [surface, entity id, evidence kind]. */
function links(...paragraphs: string[]): [string, string, string][] {
  const page = newPageEvidence();
  const chunks = paragraphs.map((text) => {
    const tokens = tokenize(text);
    return { text, tokens, candidates: matcher.scan(text, tokens) };
  });
  return linker
    .link(chunks, page)
    .flatMap((ls: Link[], i) =>
      ls.map((l) => [paragraphs[i]!.slice(l.start, l.end), l.entityId, l.evidence.kind] as [string, string, string]),
    );
}
const ids = (...p: string[]) => links(...p).map(([s, id]) => `${s}=${id}`);

describe('matcher', () => {
  it('finds names with word boundaries only', () => {
    expect(ids('Biden met Zelensky. Bidenomics and AntiZelensky are other words.')).toEqual([
      'Biden=joe-biden',
      'Zelensky=volodymyr-zelensky',
    ]);
  });
  it('keeps possessives with the name (curly and straight)', () => {
    expect(ids("Zelensky’s plan and Biden's reply")).toEqual(['Zelensky’s=volodymyr-zelensky', "Biden's=joe-biden"]);
  });
  it('takes the longest match and never overlaps', () => {
    expect(ids('President Joe Biden spoke.')).toEqual(['Joe Biden=joe-biden']);
  });
  it('needs capitals where the alias has them, accepts text in capitals', () => {
    expect(ids('BIDEN AND ZELENSKY MEET')).toEqual(['BIDEN=joe-biden', 'ZELENSKY=volodymyr-zelensky']);
    expect(ids('the storm shadow of the hills')).toEqual([]);
    expect(ids('US-made Atacms and ATACMS')).toEqual(['Atacms=atacms', 'ATACMS=atacms']);
  });
  it('matches any case for lower-case aliases, and plurals of weapons', () => {
    expect(ids('Drones and a drone; F-16s and F‑16 jets')).toEqual([
      'Drones=drone',
      'drone=drone',
      'F-16s=f-16',
      'F‑16=f-16',
    ]);
  });
  it('folds diacritics, hyphens, dashes and line breaks', () => {
    expect(ids('Radoslaw Sikorski and Radosław Sikorski')).toEqual([
      'Radoslaw Sikorski=radoslaw-sikorski',
      'Radosław Sikorski=radoslaw-sikorski',
    ]);
    expect(ids('long range missile, long–range weapons, Storm\nShadow, SCALP EG')).toEqual([
      'long range missile=long-range-missile',
      'long–range weapons=long-range-missile',
      'Storm\nShadow=storm-shadow',
      'SCALP EG=storm-shadow',
    ]);
  });
  it('does not make people plural', () => {
    expect(ids('the Bidens')).toEqual([]);
  });
  it('is linear: a long text with many aliases scans in one pass', () => {
    const text = 'Zelensky’s Storm Shadow drones, F-16s. '.repeat(20_000);
    const started = performance.now();
    const found = matcher.scan(text);
    expect(found).toHaveLength(80_000);
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});

describe('linker', () => {
  it('links an ambiguous surname after the full name on the page', () => {
    expect(links('Secretary of Defense Lloyd Austin spoke.', 'Later Austin told reporters.')).toEqual([
      ['Lloyd Austin', 'lloyd-austin', 'alias'],
      ['Austin', 'lloyd-austin', 'full-name'],
    ]);
  });
  it('links an ambiguous surname after a title', () => {
    expect(links('Defense Secretary Austin said no.')).toEqual([['Austin', 'lloyd-austin', 'title']]);
  });
  it('links after a title with punctuation, and a weapon before its class word', () => {
    expect(links('U.S. Defense Secretary Austin said no.')).toEqual([['Austin', 'lloyd-austin', 'title']]);
    expect(links('Germany refuses Taurus missiles. Taurus is my star sign.')).toEqual([['Taurus', 'taurus', 'title']]);
  });
  it('treats spellings that fold together as one alias, not two rivals', () => {
    expect(links('Germany refuses the Taurus cruise missile.')).toEqual([['Taurus', 'taurus', 'title']]);
  });
  it('links an ambiguous surname with enough topic words nearby', () => {
    expect(links('At Ramstein, Austin told the Pentagon press corps.')).toEqual([['Austin', 'lloyd-austin', 'topic']]);
    expect(links('At the Pentagon, Austin smiled.')).toEqual([]);
  });
  it('leaves an ambiguous surname without evidence unmarked', () => {
    expect(links('Austin is a city with live music.', 'Trump cards win the trick.')).toEqual([]);
  });
  it('never links a longer name that names something else', () => {
    expect(ids('Donald Trump Jr. spoke in Austin, Texas at Trump Tower.', 'Lloyd Austin said so.')).toEqual([
      'Lloyd Austin=lloyd-austin',
    ]);
    expect(ids('His son Hunter Biden and Jill Biden arrived.')).toEqual([]);
  });
  it('reads a surname as the first person the page names in full with it', () => {
    // A page about someone outside the corpus who shares the surname: bare mentions are theirs,
    // a title still says who is meant.
    expect(
      ids('Hunter Biden was convicted.', 'Biden’s lawyers will appeal. President Biden said he would not pardon him.'),
    ).toEqual(['Biden=joe-biden']);
    expect(links('Hunter Biden was convicted.', 'President Biden spoke.')).toEqual([['Biden', 'joe-biden', 'title']]);
    // The corpus person named first keeps the surname when a relative is named later.
    expect(ids('Joe Biden spoke.', 'His son Hunter Biden listened.', 'Biden left.')).toEqual([
      'Joe Biden=joe-biden',
      'Biden=joe-biden',
    ]);
    // Ambiguous surnames too: neither the full name nor topic words outweigh the first bearer.
    expect(
      ids(
        'Donald Trump Jr. campaigned.',
        'His father Donald Trump watched. Trump said the Republican election was close.',
      ),
    ).toEqual(['Donald Trump=donald-trump']);
    // A surname the page gave the corpus person first, bare or after a title, stays theirs.
    expect(ids('President Biden pardoned his son Hunter Biden on Sunday.', 'Biden said so. Biden added more.')).toEqual(
      ['Biden=joe-biden', 'Biden=joe-biden', 'Biden=joe-biden'],
    );
    expect(ids('Biden spoke on Monday.', 'Later, Hunter Biden joined him. Biden waved.')).toEqual([
      'Biden=joe-biden',
      'Biden=joe-biden',
    ]);
    // An ambiguous surname after its entity's title names it first, too.
    expect(
      ids(
        'Defense Secretary Austin spoke.',
        'Later Steve Austin joined.',
        'Austin told the Pentagon press at Ramstein.',
      ),
    ).toEqual(['Austin=lloyd-austin', 'Austin=lloyd-austin']);
    // A place that ends with the surname bears it for no one.
    expect(
      ids(
        'At the University of Texas at Austin, Secretary of Defense Lloyd Austin spoke.',
        'Austin said the Pentagon would help.',
      ),
    ).toEqual(['Lloyd Austin=lloyd-austin', 'Austin=lloyd-austin']);
    // Nor does it in a title-case headline, where every word has a capital.
    expect(
      ids('University Of Texas At Austin Hosts Pentagon Forum', 'Austin told the Pentagon press corps at Ramstein.'),
    ).toEqual(['Austin=lloyd-austin']);
    // A thing that carries the name names no one: "Trump Tower" leaves "Trump" to the full name.
    expect(ids('Donald Trump spoke at Trump Tower.', 'Trump left.')).toEqual([
      'Donald Trump=donald-trump',
      'Trump=donald-trump',
    ]);
  });
  it('links a surname after a title or at the start of a sentence', () => {
    expect(ids('President Biden spoke. Biden left.')).toEqual(['Biden=joe-biden', 'Biden=joe-biden']);
  });
  it('ignores capitals in a title-case headline', () => {
    expect(ids('Biden Says Ukraine Can Strike Russia With Storm Shadow')).toEqual([
      'Biden=joe-biden',
      'Storm Shadow=storm-shadow',
    ]);
  });
});
