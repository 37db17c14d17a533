/**
 * Content script: runs next to a page we do not trust. It asks the background for read-only
 * lookups through the message contract, never opens IndexedDB (that would be the page's own
 * database) and renders nothing as HTML.
 */
import type { ContentScriptContext } from '#imports';
import { request } from '../messaging/protocol';

/** Attribute on <html> that says the content script is running and has the corpus's names. */
export const STATE_ATTRIBUTE = 'data-fact-context-state';

export function startContent(ctx: ContentScriptContext): void {
  const root = document.documentElement;
  ctx.onInvalidated(() => root.removeAttribute(STATE_ATTRIBUTE));
  void request('cs.getMatcherEntities').then(
    (entities) => {
      if (ctx.isInvalid) return;
      root.setAttribute(STATE_ATTRIBUTE, entities.length > 0 ? 'ready' : 'empty');
    },
    (error: unknown) => {
      if (ctx.isInvalid) return;
      root.setAttribute(STATE_ATTRIBUTE, 'error');
      console.warn('[fact-context]', error);
    },
  );
}
