/**
 * A short notice in the card's own shadow root: what a card action did, with a way to undo it,
 * or why the background refused it. It outlives the card and the marks (muting an entity takes
 * them away at once).
 */

export interface NoticeContent {
  text: string;
  /** Takes the change back (mute, site off). */
  undo?: (() => void) | undefined;
}

export interface NoticeProps {
  content: NoticeContent;
  /** The reader's pointer or focus came onto the notice: keep it. */
  onHold: () => void;
  /** …and left it: let it go after a while. */
  onRelease: () => void;
  onDismiss: () => void;
  /** Whether this press on Undo is the reader's own (trusted, armed, landed on it). */
  mayUndo: (event: Event) => boolean;
}

export function Notice({ content, onHold, onRelease, onDismiss, mayUndo }: NoticeProps) {
  return (
    <div
      class="fc-notice"
      onPointerEnter={onHold}
      onPointerLeave={onRelease}
      onFocusIn={onHold}
      onFocusOut={onRelease}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && e.isTrusted) onDismiss();
      }}
    >
      <span>{content.text}</span>
      {content.undo && (
        <button
          type="button"
          onClick={(event) => {
            if (!mayUndo(event)) return;
            onDismiss();
            content.undo!();
          }}
        >
          Undo
        </button>
      )}
      <button type="button" class="fc-dismiss" aria-label="Dismiss" onClick={onDismiss}>
        ×
      </button>
    </div>
  );
}
