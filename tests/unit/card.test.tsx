/** Card data from the real corpus, and the EntityCard component: content, text-only rendering, accessibility. */
import { fireEvent, render, screen } from '@testing-library/preact';
import axe from 'axe-core';
import { describe, expect, it } from 'vitest';
import { buildCard, KEY_FACTS, type CardData } from '@/lib/cards/card-data';
import type { CorpusBundle } from '@/lib/corpus/schema';
import { citedSources, EntityCard } from '@/components/card/EntityCard';
import { loadCorpus } from '@/scripts/corpus/read';

const bundle = loadCorpus().bundle!;

function cardOf(id: string, corpus: CorpusBundle = bundle): CardData {
  const entity = corpus.entities.find((e) => e.id === id)!;
  return buildCard({
    entity,
    facts: corpus.facts.filter((f) => f.entityIds.includes(id)),
    quotes: corpus.quotes.filter((q) => q.speakerId === id),
    claims: corpus.claims,
    events: corpus.events.filter((e) => e.entityIds.includes(id)),
    sources: new Map(corpus.sources.map((s) => [s.id, s])),
    names: new Map(corpus.entities.map((e) => [e.id, e.name])),
  });
}

describe('buildCard', () => {
  it('cites every statement with a source of the corpus and its words', () => {
    const card = cardOf('david-lammy');
    const texts = new Map(bundle.sources.map((s) => [s.id, s.text]));
    const statements = [...card.roles, ...card.facts, ...card.properties].flatMap((s) => s.sources);
    expect(statements.length).toBeGreaterThan(0);
    for (const s of statements) expect(texts.get(s.citation.sourceId)).toContain(s.quote);
    expect(card.facts.length).toBeLessThanOrEqual(KEY_FACTS);
  });

  it('spreads key facts over sources before repeating one', () => {
    const card = cardOf('antony-blinken');
    const sources = card.facts.map((f) => f.sources[0]!.citation.sourceId);
    const available = new Set(
      bundle.facts.filter((f) => f.entityIds.includes('antony-blinken')).map((f) => f.sourceId),
    );
    expect(new Set(sources).size).toBe(Math.min(available.size, KEY_FACTS));
  });

  it('joins one role stated by several sources into one line with every source', () => {
    const card = cardOf('vladimir-putin');
    const roles = card.roles.map((r) => r.role);
    expect(new Set(roles).size).toBe(roles.length);
    expect(card.roles.some((r) => r.sources.length > 1)).toBe(true);
  });

  it('includes the disputes the entity is part of, with every position', () => {
    const card = cardOf('atacms');
    const claim = bundle.claims.find((c) => c.entityIds.includes('atacms'))!;
    const dispute = card.disputes.find((d) => d.id === claim.id)!;
    expect(dispute.positions).toHaveLength(claim.positions.length);
  });

  it('states its coverage: how many sources and which dates', () => {
    const card = cardOf('joe-biden');
    expect(card.coverage.sources).toBeGreaterThan(1);
    expect(card.coverage.from! <= card.coverage.to!).toBe(true);
  });
});

describe('EntityCard', () => {
  it('names the dialog by the entity and has no accessibility violations', async () => {
    const { container } = render(
      <div role="dialog" aria-labelledby="t">
        <EntityCard
          card={cardOf('storm-shadow')}
          titleId="t"
          why={{ alias: 'Storm Shadow', evidence: { kind: 'title', title: 'missiles' } }}
          actions={{ onMute: () => {}, onTimeline: () => {}, onOpenSource: () => {}, onSiteOff: () => {} }}
        />
      </div>,
    );
    expect(screen.getByRole('dialog', { name: 'Storm Shadow' })).toBeTruthy();
    expect(container.textContent).toContain(
      'Highlighted because “Storm Shadow” matched, with “missiles” right beside it.',
    );
    const results = await axe.run(container, { rules: { 'color-contrast': { enabled: false } } });
    expect(results.violations.map((v) => v.id)).toEqual([]);
  });

  it('says when a name was linked because the same name was linked earlier on the page', () => {
    const { container } = render(
      <EntityCard
        card={cardOf('joe-biden')}
        titleId="t"
        why={{ alias: 'Biden', evidence: { kind: 'same-name', words: ['White House', 'election'] } }}
        actions={{ onMute: () => {}, onTimeline: () => {}, onOpenSource: () => {}, onSiteOff: () => {} }}
      />,
    );
    expect(container.textContent).toContain(
      'Highlighted because “Biden” matched, with the same name linked earlier on this page, beside related words: “White House”, “election”.',
    );
  });

  it('renders markup in corpus text as text', () => {
    const card = cardOf('joe-biden');
    const hostile: CardData = {
      ...card,
      name: '<img src=x onerror="window.pwned=1">',
      facts: [{ ...card.facts[0]!, text: '<script>window.pwned=1</script><b>bold</b>' }],
    };
    const { container } = render(<EntityCard card={hostile} />);
    expect(container.querySelector('img, script, b')).toBeNull();
    expect(container.textContent).toContain('<script>window.pwned=1</script><b>bold</b>');
    expect(container.querySelector('h2')!.textContent).toBe('<img src=x onerror="window.pwned=1">');
  });
});

describe('EntityCard, calm by default', () => {
  it('leads with one line of who the person is, as one source states it and as of when', () => {
    const card = cardOf('keir-starmer');
    const { container } = render(<EntityCard card={card} />);
    const lead = container.querySelector('.lead')!;
    const role = card.roles[0]!;
    expect(lead.textContent).toContain(role.role);
    expect(lead.querySelector('.asof')?.textContent).toMatch(/^as of /);
    expect(lead.querySelectorAll('cite.chip')).toHaveLength(1);
  });

  it('leads a weapon card with what it is', () => {
    const card = cardOf('storm-shadow');
    const { container } = render(<EntityCard card={card} />);
    const type = card.properties.find((p) => p.property === 'type')!;
    expect(container.querySelector('.lead')!.textContent).toContain(type.value);
  });

  it('keeps every section closed until the reader opens it, and says what is inside', () => {
    const card = cardOf('atacms');
    const { container } = render(<EntityCard card={card} />);
    const sections = [...container.querySelectorAll('details')];
    expect(sections.length).toBeGreaterThanOrEqual(3);
    expect(sections.every((d) => !d.open)).toBe(true);
    const disputed = container.querySelector('section[aria-label="Disputed"] summary')!;
    expect(disputed.textContent).toBe(`Where the sources disagree ${card.disputes.length}`);
    fireEvent.click(disputed);
    expect((disputed.parentElement as HTMLDetailsElement).open).toBe(true);
  });

  it('cites as chips without brackets: outlet or short title · date, the full title one step away', () => {
    const card = cardOf('storm-shadow');
    const { container } = render(<EntityCard card={card} actions={{ onOpenSource: () => {} }} />);
    const chips = [...container.querySelectorAll('cite')];
    expect(chips.length).toBeGreaterThan(3);
    for (const chip of chips) {
      expect(chip.classList.contains('chip')).toBe(true);
      expect(chip.textContent).not.toMatch(/^\s*\(|\)\s*$/);
    }
    // Every cited source is in the sources list with its full title.
    const listed = [...container.querySelectorAll('section[aria-label="Sources"] .source-title')].map(
      (e) => e.textContent,
    );
    expect(listed).toEqual(citedSources(card).map((c) => c.title));
    expect(new Set(listed).size).toBe(card.coverage.sources);
    // Focus on a chip shows its full title at the card's foot, and blur takes it away.
    const button = chips[0]!.querySelector('button')!;
    const title = citedSources(card).find((c) => button.textContent!.startsWith(c.label))!.title;
    fireEvent.focus(button);
    expect(container.querySelector('.hint')?.textContent).toBe(title);
    fireEvent.blur(button);
    expect(container.querySelector('.hint')).toBeNull();
  });
});
