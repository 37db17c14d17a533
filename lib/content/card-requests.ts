/**
 * Card data as the content script asks for it: only for entities it linked on this page itself,
 * each entity asked once, every ask of a moment gathered into one batch, one batch in flight at a
 * time. A page can make us ask for a card (fire events on our marks, rewrite their attributes),
 * never for one we did not link, and never faster than one batch per round trip: however it
 * pushes, the background sees at most one request per distinct linked entity, plus a retry after
 * RETRY_AFTER_MS for the ones whose batch failed.
 */
import type { CardData } from '../cards/card-data';
import { MAX_ENTITY_IDS_PER_REQUEST } from '../messaging/shared';

/**
 * A failed batch's entities are asked again only after this long: a background that answered
 * "overloaded" or was restarting gets a moment, and a reader who hovers again a second later gets
 * the card.
 */
export const RETRY_AFTER_MS = 1000;

type Send = (entityIds: string[]) => Promise<Record<string, CardData>>;

interface Entry {
  promise: Promise<CardData | undefined>;
  resolve: (card: CardData | undefined) => void;
  reject: (error: unknown) => void;
}

const nothing = Promise.resolve(undefined);

export class CardRequests {
  /** Every entity asked for, with its card's promise (settled or not). */
  private readonly entries = new Map<string, Entry>();
  /** Asked for, not sent yet: they go with the next batch. */
  private readonly queued = new Set<string>();
  /** When an entity's last batch failed: it is not asked again before RETRY_AFTER_MS. */
  private readonly failedAt = new Map<string, number>();
  private inFlight = false;
  private flushScheduled = false;

  constructor(
    private readonly send: Send,
    /** Whether the entity is linked on the page now: nothing else is ever asked for. */
    private readonly linked: (entityId: string) => boolean,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** The card of a linked entity (undefined for any other, at once and without a message). */
  get(entityId: string): Promise<CardData | undefined> {
    const known = this.entries.get(entityId);
    if (known) return known.promise;
    if (!this.linked(entityId)) return nothing;
    const failed = this.failedAt.get(entityId);
    if (failed !== undefined && this.now() - failed < RETRY_AFTER_MS)
      return Promise.reject(new Error('Card data unavailable: try again shortly'));
    return this.ask(entityId).promise;
  }

  /** Asks, in the background, for the cards of the linked entities among `entityIds` not asked yet. */
  prefetch(entityIds: Iterable<string>): void {
    for (const id of entityIds) {
      if (this.entries.has(id) || !this.linked(id)) continue;
      const failed = this.failedAt.get(id);
      if (failed !== undefined && this.now() - failed < RETRY_AFTER_MS) continue;
      // Nobody waits for a prefetch: a failure only means a later ask goes out again.
      this.ask(id).promise.catch(() => {});
    }
  }

  /** Requests sent and not answered yet (0 or 1). */
  pending(): number {
    return this.inFlight ? 1 : 0;
  }

  private ask(entityId: string): Entry {
    let resolve!: Entry['resolve'];
    let reject!: Entry['reject'];
    const promise = new Promise<CardData | undefined>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    const entry = { promise, resolve, reject };
    this.entries.set(entityId, entry);
    this.queued.add(entityId);
    this.scheduleFlush();
    return entry;
  }

  /** Sends what is queued at the end of this task (asks of one event go together), unless a batch is out. */
  private scheduleFlush(): void {
    if (this.flushScheduled || this.inFlight) return;
    this.flushScheduled = true;
    queueMicrotask(() => {
      this.flushScheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.inFlight || !this.queued.size) return;
    const ids = [...this.queued].slice(0, MAX_ENTITY_IDS_PER_REQUEST);
    for (const id of ids) this.queued.delete(id);
    this.inFlight = true;
    try {
      const cards = await this.send(ids);
      for (const id of ids) this.entries.get(id)?.resolve(cards[id]);
    } catch (error) {
      const at = this.now();
      for (const id of ids) {
        this.failedAt.set(id, at);
        this.entries.get(id)?.reject(error);
        this.entries.delete(id);
      }
    } finally {
      this.inFlight = false;
    }
    // What was asked meanwhile goes in the next batch.
    if (this.queued.size) await this.flush();
  }
}
