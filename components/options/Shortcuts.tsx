/** The extension's keyboard shortcuts and where each browser lets people change them. */
import { browser } from '#imports';
import { useRequest } from '../useRequest';

interface Command {
  name: string;
  description: string;
  shortcut: string;
}

type CommandsApi = {
  getAll?: () => Promise<{ name?: string; description?: string; shortcut?: string }[]>;
  openShortcutSettings?: () => Promise<void>;
};

/** Chrome's page for every extension's shortcuts; an extension page may open it in a tab. */
export const CHROME_SHORTCUTS_URL = 'chrome://extensions/shortcuts';

async function commands(): Promise<Command[]> {
  const api = browser.commands as CommandsApi | undefined;
  const all = (await api?.getAll?.()) ?? [];
  return all
    .filter((c) => c.name)
    .map((c) => ({
      name: c.name!,
      description:
        c.description ||
        (c.name === '_execute_action' || c.name === '_execute_browser_action' ? 'Open the popup' : c.name!),
      shortcut: c.shortcut ?? '',
    }));
}

export function Shortcuts() {
  const list = useRequest(commands, 'commands');
  const api = browser.commands as CommandsApi | undefined;
  const firefox = import.meta.env.BROWSER === 'firefox';
  return (
    <>
      {list.state === 'loading' && <p class="muted">Loading…</p>}
      {list.state === 'error' && <p class="error">The shortcuts could not be read: {list.error}</p>}
      {list.state === 'ready' &&
        (list.value.length ? (
          <ul class="list" aria-label="Keyboard shortcuts">
            {list.value.map((c) => (
              <li key={c.name}>
                <span>{c.description}</span>
                {c.shortcut ? <kbd>{c.shortcut}</kbd> : <span class="muted">not set</span>}
              </li>
            ))}
          </ul>
        ) : (
          <p class="muted">This browser lists no shortcuts for the extension.</p>
        ))}
      {firefox ? (
        <p>
          To change them, open <code>about:addons</code>, click the gear menu and choose{' '}
          <em>Manage Extension Shortcuts</em>.{' '}
          {api?.openShortcutSettings && (
            <button type="button" class="link" onClick={() => void api.openShortcutSettings!()}>
              Open it now
            </button>
          )}
        </p>
      ) : (
        <p>
          To change them, open <code>{CHROME_SHORTCUTS_URL}</code>.{' '}
          <button type="button" class="link" onClick={() => void browser.tabs.create({ url: CHROME_SHORTCUTS_URL })}>
            Open it now
          </button>
        </p>
      )}
    </>
  );
}
