/**
 * The side panel's end of a card's "Timeline" action: the background writes a request to session
 * storage (`timelineRequestItem`, lib/session.ts) and opens the panel; the panel applies it when
 * it changes, and once when the panel opens just after it was written. Storage may hold anything,
 * so every value is checked before use.
 */
import * as v from 'valibot';
import { entityIdSchema, MAX_ENTITY_IDS_PER_REQUEST } from '../messaging/shared';
import { timelineRequestItem, type TimelineRequest } from '../session';

export type { TimelineRequest } from '../session';

/**
 * A request older than this when the panel opens belongs to an earlier panel: the background
 * writes it just before the panel opens, which takes well under a second even on a slow machine.
 */
export const FRESH_REQUEST_MS = 10_000;

const TimelineRequestSchema = v.object({
  entityIds: v.pipe(v.array(entityIdSchema), v.maxLength(MAX_ENTITY_IDS_PER_REQUEST)),
  at: v.number(),
});

export function parseTimelineRequest(value: unknown): TimelineRequest | null {
  const parsed = v.safeParse(TimelineRequestSchema, value);
  return parsed.success ? parsed.output : null;
}

/**
 * Calls `onRequest` with each new request, and once with one written just before the panel
 * opened. Returns the function that stops listening.
 */
export function watchTimelineRequests(
  onRequest: (request: TimelineRequest) => void,
  now: () => number = Date.now,
): () => void {
  let stopped = false;
  void timelineRequestItem.getValue().then(
    (value) => {
      const request = parseTimelineRequest(value);
      if (!stopped && request && now() - request.at < FRESH_REQUEST_MS) onRequest(request);
    },
    () => {},
  );
  const unwatch = timelineRequestItem.watch((value) => {
    const request = parseTimelineRequest(value);
    if (!stopped && request) onRequest(request);
  });
  return () => {
    stopped = true;
    unwatch();
  };
}
