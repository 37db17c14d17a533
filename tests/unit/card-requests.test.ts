/** The content script's card requests (lib/content/card-requests.ts): linked ids only, deduplicated, coalesced. */
import { describe, expect, it, vi } from 'vitest';
import type { CardData } from '@/lib/cards/card-data';
import { CardRequests, RETRY_AFTER_MS } from '@/lib/content/card-requests';
import { MAX_ENTITY_IDS_PER_REQUEST } from '@/lib/messaging/protocol';

const card = (id: string) => ({ id }) as unknown as CardData;

/** A background that answers each batch when told, with a card for every id. */
function background() {
  const batches: string[][] = [];
  const answers: (() => void)[] = [];
  const send = vi.fn(
    (ids: string[]) =>
      new Promise<Record<string, CardData>>((resolve) => {
        batches.push(ids);
        answers.push(() => resolve(Object.fromEntries(ids.map((id) => [id, card(id)]))));
      }),
  );
  const answerAll = async () => {
    while (answers.length) answers.shift()!();
    await new Promise((r) => setTimeout(r, 0));
  };
  return { send, batches, answerAll };
}

const linked = new Set(['joe-biden', 'keir-starmer', 'david-lammy']);

describe('CardRequests', () => {
  it('refuses ids not linked on the page at once, without a message', async () => {
    const bg = background();
    const requests = new CardRequests(bg.send, (id) => linked.has(id));
    const made = await Promise.all(Array.from({ length: 3000 }, (_, i) => requests.get(`made-up-${i}`)));
    expect(made.every((c) => c === undefined)).toBe(true);
    await new Promise((r) => setTimeout(r, 0));
    expect(bg.send).not.toHaveBeenCalled();
  });

  it('asks each linked entity once, however often it is asked for', async () => {
    const bg = background();
    const requests = new CardRequests(bg.send, (id) => linked.has(id));
    const asks = Array.from({ length: 500 }, () => requests.get('joe-biden'));
    await new Promise((r) => setTimeout(r, 0));
    await bg.answerAll();
    expect(await Promise.all(asks)).toEqual(Array.from({ length: 500 }, () => card('joe-biden')));
    await requests.get('joe-biden');
    expect(bg.batches).toEqual([['joe-biden']]);
  });

  it('coalesces the asks of a moment into one batch, and keeps one batch in flight', async () => {
    const bg = background();
    const requests = new CardRequests(bg.send, (id) => linked.has(id));
    void requests.get('joe-biden');
    void requests.get('keir-starmer');
    await new Promise((r) => setTimeout(r, 0));
    expect(bg.batches).toEqual([['joe-biden', 'keir-starmer']]);
    // Asked while the first batch is out: waits for it, then goes as the next batch.
    const lammy = requests.get('david-lammy');
    requests.prefetch(['joe-biden', 'made-up', 'david-lammy']);
    await new Promise((r) => setTimeout(r, 0));
    expect(bg.batches).toHaveLength(1);
    expect(requests.pending()).toBe(1);
    await bg.answerAll();
    await bg.answerAll();
    expect(bg.batches).toEqual([['joe-biden', 'keir-starmer'], ['david-lammy']]);
    expect(await lammy).toEqual(card('david-lammy'));
  });

  it('sends at most MAX_ENTITY_IDS_PER_REQUEST ids per batch', async () => {
    const bg = background();
    const requests = new CardRequests(bg.send, () => true);
    requests.prefetch(Array.from({ length: MAX_ENTITY_IDS_PER_REQUEST + 10 }, (_, i) => `e-${i}`));
    await new Promise((r) => setTimeout(r, 0));
    await bg.answerAll();
    await bg.answerAll();
    expect(bg.batches.map((b) => b.length)).toEqual([MAX_ENTITY_IDS_PER_REQUEST, 10]);
  });

  it('after a failed batch, asks again only once RETRY_AFTER_MS has passed', async () => {
    let now = 0;
    const send = vi.fn(async (): Promise<Record<string, CardData>> => {
      throw new Error('Too many requests from this tab: try again shortly');
    });
    const requests = new CardRequests(
      send,
      (id) => linked.has(id),
      () => now,
    );
    await expect(requests.get('joe-biden')).rejects.toThrow(/Too many/);
    for (let i = 0; i < 100; i++) {
      await expect(requests.get('joe-biden')).rejects.toThrow();
      requests.prefetch(['joe-biden']);
    }
    expect(send).toHaveBeenCalledTimes(1);
    now = RETRY_AFTER_MS;
    send.mockResolvedValueOnce({ 'joe-biden': card('joe-biden') });
    expect(await requests.get('joe-biden')).toEqual(card('joe-biden'));
    expect(send).toHaveBeenCalledTimes(2);
  });
});
