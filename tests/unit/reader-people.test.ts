/**
 * The full derivation of a stored version in an extension page (lib/reader/people-pass.ts): the
 * name library finds people the quick derivation left out, the background takes the result (the
 * same text), and nothing is derived twice.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { completeDerivation, completeDerivations } from '@/lib/reader/people-pass';
import { type request } from '@/lib/messaging/protocol';
import { addShown, background, extracted, type Background } from './reader-support';

let bg: Background;
beforeEach(async () => {
  bg = await background();
});
afterEach(async () => {
  await bg.close();
});

/** The background's answers, as `request` gives them to an extension page. */
const asPage = ((type: never, data?: unknown) => bg.ask(type, data)) as unknown as typeof request;

const filler =
  'Officials in several capitals spent the week weighing what the next months would bring, and how much support would reach the front before winter. ';
/** People named without a speech verb beside them: only the name library finds them. */
const ARTICLE = `<html lang="en"><head><title>Talks resume</title>
  <meta property="og:title" content="Talks resume in the capital" />
  <meta property="article:published_time" content="2026-04-02T08:00:00Z" /></head><body><article>
  <h1>Talks resume in the capital</h1>
  <p>${filler}The delegation was led by Margit Halvorsen, a former defence minister, and Tomasz Wierzbicki.</p>
  <p>${filler}Antony Blinken met Margit Halvorsen later that day.</p>
  <p>${filler}${filler}</p></article></body></html>`;

describe('the people pass', () => {
  it('offers the people the name library finds, once, after a quick addition', async () => {
    bg.tab.answer = extracted(ARTICLE, 'https://daily.example/talks-resume');
    const { preview, added } = await addShown(bg);
    expect(preview.preview.people.map((p) => p.name)).not.toContain('Margit Halvorsen');
    const summary = await completeDerivation(added.sourceId, asPage);
    expect(summary).toMatchObject({ id: added.sourceId, derivation: 'full' });
    const view = await bg.ask('page.getReaderSource', { sourceId: added.sourceId });
    expect(view.people.map((p) => p.name)).toContain('Margit Halvorsen');
    expect(view.derivation).toBe('full');
    // Done once: a second pass over every article finds nothing left to do.
    expect(await completeDerivation(added.sourceId, asPage)).toBeNull();
    expect(await completeDerivations({ request: asPage })).toEqual([]);
  }, 20_000);
});
