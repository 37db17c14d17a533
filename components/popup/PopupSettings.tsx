/** The popup's switches: on everywhere, on this site; and the way to the side panel and all settings. */
import type { Settings } from '@/lib/settings';
import { setSiteEnabled, updateSettings } from '../options/stored';
import { openOptions, openSidePanel } from './extension';

export function PopupSettings({
  settings,
  host,
  disabledSites,
  windowId,
  onOpened,
}: {
  settings: Settings | null;
  /** The site of the tab, when known. */
  host: string | null;
  disabledSites: string[] | null;
  windowId: number | null;
  onOpened: () => void;
}) {
  const siteOn = !!host && !disabledSites?.includes(host);
  return (
    <section aria-label="Settings" class="popup-settings">
      <label class="switch">
        <input
          type="checkbox"
          role="switch"
          checked={settings?.enabled ?? true}
          disabled={!settings}
          onChange={(e) => void updateSettings({ enabled: e.currentTarget.checked })}
        />
        <span>On everywhere</span>
      </label>
      <label class="switch">
        <input
          type="checkbox"
          role="switch"
          checked={siteOn}
          disabled={!host || !disabledSites || settings?.enabled === false}
          aria-describedby={host ? undefined : 'fc-site-note'}
          onChange={(e) => host && void setSiteEnabled(host, e.currentTarget.checked)}
        />
        <span>{host ? `On ${host}` : 'On this site'}</span>
      </label>
      {!host && (
        <p id="fc-site-note" class="muted small">
          Only a web page’s own site can be switched.
        </p>
      )}
      <div class="popup-actions">
        <button type="button" onClick={() => void openSidePanel(windowId).then(onOpened)}>
          Open the side panel
        </button>
        <button type="button" onClick={() => void openOptions().then(onOpened)}>
          All settings
        </button>
      </div>
    </section>
  );
}
