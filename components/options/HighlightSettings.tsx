/** How and what the extension highlights on pages: every switch writes storage at once, open tabs follow. */
import { KIND_LABELS } from '@/lib/actions/kinds';
import { ENTITY_KIND_SETTINGS, DEFAULT_OPEN_DELAY_MS, type Settings } from '@/lib/settings';
import { updateSettings } from './stored';

/** An example of each kind, beside its switch. */
const KIND_EXAMPLES: Record<(typeof ENTITY_KIND_SETTINGS)[number], string> = {
  person: 'Volodymyr Zelensky, Antony Blinken',
  weapon: 'Storm Shadow, ATACMS',
  'weapon-class': 'ballistic missile, drone',
};
/** The bounds the settings schema accepts (lib/settings/); the step is finer than anyone notices. */
const DELAY_MIN_MS = 0;
const DELAY_MAX_MS = 5000;
const DELAY_STEP_MS = 50;

export function HighlightSettings({ settings }: { settings: Settings }) {
  const toggleKind = (kind: Settings['kinds'][number], on: boolean) => {
    const kinds = ENTITY_KIND_SETTINGS.filter((k) => (k === kind ? on : settings.kinds.includes(k)));
    void updateSettings({ kinds });
  };
  return (
    <>
      <label class="field">
        <input
          type="checkbox"
          role="switch"
          checked={settings.enabled}
          onChange={(e) => void updateSettings({ enabled: e.currentTarget.checked })}
        />
        Highlight names on web pages
      </label>

      <fieldset>
        <legend>What to highlight</legend>
        {ENTITY_KIND_SETTINGS.map((kind) => (
          <label key={kind} class="field">
            <input
              type="checkbox"
              checked={settings.kinds.includes(kind)}
              onChange={(e) => toggleKind(kind, e.currentTarget.checked)}
            />
            {KIND_LABELS[kind].many} <span class="muted">({KIND_EXAMPLES[kind]})</span>
          </label>
        ))}
      </fieldset>

      <fieldset>
        <legend>Highlight style</legend>
        <label class="field">
          <input
            type="radio"
            name="highlight-style"
            checked={settings.highlightStyle === 'underline'}
            onChange={() => void updateSettings({ highlightStyle: 'underline' })}
          />
          Dotted underline
        </label>
        <label class="field">
          <input
            type="radio"
            name="highlight-style"
            checked={settings.highlightStyle === 'background'}
            onChange={() => void updateSettings({ highlightStyle: 'background' })}
          />
          Tinted background
        </label>
      </fieldset>

      <div class="field">
        <label for="fc-delay">Hover delay before a card opens (milliseconds)</label>
        <input
          id="fc-delay"
          type="number"
          min={DELAY_MIN_MS}
          max={DELAY_MAX_MS}
          step={DELAY_STEP_MS}
          value={settings.openDelayMs}
          aria-describedby="fc-delay-help"
          onChange={(e) => {
            const value = e.currentTarget.valueAsNumber;
            if (Number.isFinite(value) && value >= DELAY_MIN_MS && value <= DELAY_MAX_MS) {
              void updateSettings({ openDelayMs: Math.round(value) });
            } else {
              e.currentTarget.value = String(settings.openDelayMs);
            }
          }}
        />
      </div>
      <p id="fc-delay-help" class="muted small">
        Default {DEFAULT_OPEN_DELAY_MS} ms: long enough that a pointer passing over a name opens nothing. Keyboard focus
        opens a card at once.
      </p>

      <label class="field">
        <input
          type="checkbox"
          checked={settings.marksInTabOrder}
          onChange={(e) => void updateSettings({ marksInTabOrder: e.currentTarget.checked })}
        />
        Let the Tab key stop at highlighted names
      </label>
    </>
  );
}
