/** Names the content script's marks share with the card UI (kept apart so the UI bundle stays small). */

/** Class of every mark we make; marks also carry data-entity and data-mention (docs/contracts.md §2). */
export const MARK_CLASS = 'fact-context-mark';
