/**
 * Telling the reader's keyboard navigation from script focus. `element.focus()` from page script
 * fires a focus event as trusted as the reader's own, so the event alone says nothing: a focus
 * counts as the reader's only when it is the default action of a trusted Tab (or Shift+Tab)
 * keydown that the page did not prevent, seen right after that keydown's dispatch ended.
 */

/** A focus that page script causes inside its own keydown handler still sees the keydown in dispatch. */
const DISPATCH_OVER = 0; // Event.NONE, spelt out: jsdom and the browsers agree on the value

export class KeyboardIntent {
  private tab: KeyboardEvent | null = null;
  private clearTimer: ReturnType<typeof setTimeout> | null = null;

  /** Every keydown (capture phase, as early as we can see it). */
  keydown(event: KeyboardEvent): void {
    const isTab = event.key === 'Tab' && !event.altKey && !event.ctrlKey && !event.metaKey;
    this.tab = event.isTrusted && isTab ? event : null;
    if (!this.tab) return;
    // The Tab's focus move happens in this same task; a focus in any later task is not its doing.
    if (this.clearTimer) clearTimeout(this.clearTimer);
    this.clearTimer = setTimeout(() => {
      this.tab = null;
      this.clearTimer = null;
    }, 0);
  }

  /**
   * Did the reader move focus here from the keyboard? Consumes the keydown: only the first focus
   * after a Tab can be its doing.
   */
  isReaderFocus(focus: FocusEvent): boolean {
    const tab = this.tab;
    this.tab = null;
    return !!tab && focus.isTrusted && tab.eventPhase === DISPATCH_OVER && !tab.defaultPrevented;
  }

  /**
   * Did the reader's Tab land on `target`? Tab never lands on an element out of the tab order
   * (tabIndex < 0, our marks' default): a focus there right after a Tab is a script's, such as a
   * page moving focus onto our mark from its blur handler. Consumes the keydown like `isReaderFocus`.
   */
  isReaderTabTo(focus: FocusEvent, target: { tabIndex: number } | null): boolean {
    return this.isReaderFocus(focus) && !!target && target.tabIndex >= 0;
  }
}
