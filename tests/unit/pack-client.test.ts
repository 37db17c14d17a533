/**
 * The options page's end of a pack job (lib/pack/client.ts): the file goes in chunks that each
 * fit what a port message carries, then `start`; stages are passed on; cancel asks the
 * background, whose word is the outcome; a port closed early is an error, not a silent hang.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { startPackJob } from '@/lib/pack/client';
import { PACK_CHUNK_CHARS, PACK_PORT, type PackJobEvent, type PackStage } from '@/lib/pack/port';

function fakePort() {
  const onMessage: ((m: PackJobEvent) => void)[] = [];
  const onDisconnect: (() => void)[] = [];
  const sent: { type: string; bytes?: string; action?: string }[] = [];
  const port = {
    name: PACK_PORT,
    postMessage: vi.fn((m: (typeof sent)[number]) => void sent.push(m)),
    disconnect: vi.fn(),
    onMessage: { addListener: (l: (m: PackJobEvent) => void) => void onMessage.push(l) },
    onDisconnect: { addListener: (l: () => void) => void onDisconnect.push(l) },
  };
  const connect = vi.spyOn(fakeBrowser.runtime, 'connect').mockReturnValue(port as never);
  return {
    port,
    sent,
    connect,
    tell: (m: PackJobEvent) => onMessage.forEach((l) => l(m)),
    close: () => onDisconnect.forEach((l) => l()),
  };
}

afterEach(() => vi.restoreAllMocks());

describe('pack jobs from the options page', () => {
  it('sends the file in chunks no longer than a port carries, then start; passes stages on', async () => {
    const fake = fakePort();
    const bytes = 'QUJD'.repeat(Math.ceil((PACK_CHUNK_CHARS * 2.5) / 4));
    const stages: PackStage[] = [];
    const job = startPackJob('import', bytes, (s) => stages.push(s));
    expect(fake.connect).toHaveBeenCalledWith({ name: PACK_PORT });
    const chunks = fake.sent.filter((m) => m.type === 'chunk');
    expect(chunks).toHaveLength(3);
    expect(chunks.every((c) => c.bytes!.length <= PACK_CHUNK_CHARS && c.bytes!.length % 4 === 0)).toBe(true);
    expect(chunks.map((c) => c.bytes).join('')).toBe(bytes);
    expect(fake.sent.at(-1)).toEqual({ type: 'start', action: 'import' });

    fake.tell({ type: 'stage', stage: 'reading' });
    fake.tell({ type: 'stage', stage: 'checking' });
    job.cancel();
    expect(fake.sent.at(-1)).toEqual({ type: 'cancel' });
    fake.tell({ type: 'cancelled' });
    expect(await job.outcome).toEqual({ kind: 'cancelled' });
    expect(stages).toEqual(['reading', 'checking']);
    expect(fake.port.disconnect).toHaveBeenCalled();
    // Nothing is sent on a finished job's port.
    const count = fake.sent.length;
    job.cancel();
    expect(fake.sent).toHaveLength(count);
  });

  it('is an error when the background goes away before an outcome', async () => {
    const fake = fakePort();
    const job = startPackJob('preview', 'QUJD', () => {});
    fake.close();
    await expect(job.outcome).rejects.toThrow('The background stopped before the pack was done');
  });
});
