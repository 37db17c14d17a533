/**
 * The options page's end of a pack job (lib/pack/port.ts): opens the port, sends the file, hears
 * the stages, and can cancel. The outcome is the background's word: `cancelled` only when it
 * stopped the job before anything was committed; an import that had already committed when the
 * cancel arrived comes back `done`.
 */
import { browser } from '#imports';
import type { PackFile, PackPreview } from '../messaging/packs';
import {
  PACK_CHUNK_CHARS,
  PACK_PORT,
  type PackAction,
  type PackJobEvent,
  type PackJobRequest,
  type PackStage,
} from './port';

export type PackJobOutcome = { kind: 'done'; result: PackPreview } | { kind: 'cancelled' };

export interface PackJob {
  outcome: Promise<PackJobOutcome>;
  /** Asks the background to stop; `outcome` then says whether it did. */
  cancel: () => void;
}

export function startPackJob(action: PackAction, bytes: string, onStage: (stage: PackStage) => void): PackJob {
  const port = browser.runtime.connect({ name: PACK_PORT });
  let settled = false;
  const send = (message: PackJobRequest) => {
    if (!settled) port.postMessage(message);
  };
  const outcome = new Promise<PackJobOutcome>((resolve, reject) => {
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
      port.disconnect();
    };
    port.onMessage.addListener((message: PackJobEvent) => {
      if (message.type === 'stage') onStage(message.stage);
      else if (message.type === 'done') settle(() => resolve({ kind: 'done', result: message.result }));
      else if (message.type === 'cancelled') settle(() => resolve({ kind: 'cancelled' }));
      else settle(() => reject(new Error(message.error)));
    });
    port.onDisconnect.addListener(() =>
      settle(() => reject(new Error('The background stopped before the pack was done; try again.'))),
    );
  });
  for (let at = 0; at < bytes.length; at += PACK_CHUNK_CHARS) {
    send({ type: 'chunk', bytes: bytes.slice(at, at + PACK_CHUNK_CHARS) });
  }
  send({ type: 'start', action });
  return { outcome, cancel: () => send({ type: 'cancel' }) };
}

/** How long an exported file's object URL lives: the download has started long before. */
const REVOKE_DELAY_MS = 60_000;

/** Saves an exported `.fcpack` file (no permission needed: an object URL and a link). */
export function saveFile({ fileName, bytes }: PackFile): void {
  const binary = atob(bytes);
  const data = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) data[i] = binary.charCodeAt(i);
  const url = URL.createObjectURL(new Blob([data], { type: 'application/gzip' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  // The download has its own copy once it has started.
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_DELAY_MS);
}
