/**
 * Session state shared by the background and extension pages. Never imported by the content
 * script: Chrome refuses content scripts access to storage.session.
 */
import { storage } from '#imports';

/**
 * A request to show the timeline filtered to some entities (a card's "Timeline" action). Kept in
 * session storage: the side panel applies it when it opens or when it changes.
 */
export interface TimelineRequest {
  entityIds: string[];
  at: number;
}
export const timelineRequestItem = storage.defineItem<TimelineRequest | null>('session:timelineRequest', {
  fallback: null,
});
