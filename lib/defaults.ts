/** Defaults that pure modules and scripts share with the settings (lib/settings/). */

/** Hover-intent delay before a card opens: long enough that a pointer passing over a name opens nothing. */
export const DEFAULT_OPEN_DELAY_MS = 300;
