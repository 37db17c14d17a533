/**
 * The options page's Corpus packs section (Testing Library, jsdom): the preview shows everything
 * a pack says as text (markup in a pack never becomes elements), a refusal lists its problems,
 * nothing is imported before the reader confirms, a dropped file is checked like a picked one,
 * and a running job shows its stages as a progress bar and can be cancelled.
 */
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type * as Protocol from '@/lib/messaging/protocol';
import type { PackPreview } from '@/lib/messaging/packs';

const messaging = vi.hoisted(() => ({ request: vi.fn() }));
vi.mock('@/lib/messaging/protocol', async (original) => ({
  ...(await original<typeof Protocol>()),
  request: messaging.request,
}));
/** The jobs the section starts (lib/pack/client.ts): each answers from `jobs.answers` unless held. */
const jobs = vi.hoisted(() => ({
  start: vi.fn(),
  answers: {} as Record<string, unknown>,
}));
vi.mock('@/lib/pack/client', () => ({ startPackJob: jobs.start }));
const { Packs } = await import('@/components/options/Packs');
import type { PackJob, PackJobOutcome } from '@/lib/pack/client';
import type { PackStage } from '@/lib/pack/port';

const MARKUP = '<img src=x onerror="window.hacked=1"><b>bold</b>';

const PREVIEW: PackPreview = {
  ok: true,
  manifest: {
    id: 'desk',
    name: `Desk ${MARKUP}`,
    description: MARKUP,
    version: '1.0',
    publisher: 'Newsroom',
    licence: 'CC-BY-4.0',
    created: '2026-12-04',
    sourceCount: 2,
    contentHash: `sha256:${'0'.repeat(64)}`,
  },
  bytes: 2_000,
  counts: { sources: 2, entities: 1, facts: 1, quotes: 0, events: 0, claims: 0 },
  report: {
    change: 'added',
    previousVersion: null,
    mergedEntities: ['jane-roe'],
    addedAliases: [{ entityId: 'jane-roe', aliases: [MARKUP] }],
    newlyAmbiguous: [{ alias: 'Roe', entityIds: ['jane-roe', 'john-roe'] }],
    conflicts: [
      {
        entityId: 'jane-roe',
        about: 'country',
        values: [
          { value: 'Ukraine', sourceId: 'a', quote: 'q' },
          { value: MARKUP, sourceId: 'desk--b', quote: 'q' },
        ],
      },
    ],
  },
};

function answer(map: Record<string, unknown>) {
  messaging.request.mockImplementation(async (type: string) => {
    if (!(type in map)) throw new Error(`unexpected ${type}`);
    return map[type];
  });
  jobs.start.mockImplementation((action: string): PackJob => {
    const type = `page.${action}Pack`;
    if (!(type in map)) throw new Error(`unexpected ${type}`);
    return { outcome: Promise.resolve({ kind: 'done', result: map[type] as PackPreview }), cancel: vi.fn() };
  });
}

/** Started job types, as message names. */
const started = () => jobs.start.mock.calls.map(([action]) => `page.${action as string}Pack`);

/** A job that runs until the test says: its stages, its cancel, its end. */
function heldJob() {
  let finish!: (outcome: PackJobOutcome) => void;
  let stage!: (s: PackStage) => void;
  const cancel = vi.fn();
  jobs.start.mockImplementationOnce((_action: string, _bytes: string, onStage: (s: PackStage) => void): PackJob => {
    stage = onStage;
    return { outcome: new Promise((resolve) => (finish = resolve)), cancel };
  });
  return { finish: (o: PackJobOutcome) => finish(o), stage: (s: PackStage) => stage(s), cancel };
}

const pick = (name = 'desk.fcpack') => {
  const input = document.querySelector<HTMLInputElement>('input[type="file"]')!;
  // jsdom's File has no arrayBuffer(): a file as the page's code reads it.
  const bytes = new Uint8Array([0x1f, 0x8b, 1, 2]);
  const file = { name, size: bytes.byteLength, arrayBuffer: async () => bytes.buffer };
  Object.defineProperty(input, 'files', { value: [file] });
  fireEvent.change(input);
};

afterEach(() => {
  cleanup();
  messaging.request.mockReset();
  jobs.start.mockReset();
});

describe('Corpus packs section', () => {
  it('previews a pack with its text as text, and imports only on confirmation', async () => {
    answer({ 'page.listPacks': [], 'page.previewPack': PREVIEW, 'page.importPack': PREVIEW });
    render(<Packs />);
    await screen.findByText('None: only the bundled corpus.');
    pick();
    const preview = await screen.findByRole('region', { name: 'Pack preview' });
    expect(preview.textContent).toContain(`Desk ${MARKUP}`);
    expect(preview.textContent).toContain(`jane-roe: ${MARKUP}`);
    expect(preview.textContent).toContain('Roe: jane-roe, john-roe');
    expect(preview.textContent).toContain(`Ukraine (a) / ${MARKUP} (desk--b)`);
    expect(preview.querySelector('img, b')).toBeNull();
    expect((window as { hacked?: number }).hacked).toBeUndefined();
    expect(started()).not.toContain('page.importPack');
    // The file went as base64.
    expect(jobs.start).toHaveBeenCalledWith('preview', btoa('\x1f\x8b\x01\x02'), expect.any(Function));

    fireEvent.click(screen.getByRole('button', { name: 'Import' }));
    await screen.findByText(`Desk ${MARKUP} 1.0 imported.`);
    expect(jobs.start).toHaveBeenCalledWith('import', btoa('\x1f\x8b\x01\x02'), expect.any(Function));
  });

  it('lists the problems of a refused pack as text and imports nothing', async () => {
    answer({
      'page.listPacks': [],
      'page.previewPack': { ok: false, problems: [`pack: sources[0].title: ${MARKUP}`] },
    });
    render(<Packs />);
    await screen.findByText('None: only the bundled corpus.');
    pick();
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('nothing was changed');
    expect(alert.textContent).toContain(`pack: sources[0].title: ${MARKUP}`);
    expect(alert.querySelector('img, b')).toBeNull();
    expect(started()).not.toContain('page.importPack');
  });

  it('cancels a preview without importing', async () => {
    answer({ 'page.listPacks': [], 'page.previewPack': PREVIEW });
    render(<Packs />);
    await screen.findByText('None: only the bundled corpus.');
    pick();
    await screen.findByRole('region', { name: 'Pack preview' });
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Pack preview' })).toBeNull());
    expect(started()).not.toContain('page.importPack');
  });

  it('checks a dropped file like a picked one', async () => {
    answer({ 'page.listPacks': [], 'page.previewPack': PREVIEW });
    render(<Packs />);
    await screen.findByText('None: only the bundled corpus.');
    const bytes = new Uint8Array([0x1f, 0x8b, 9]);
    const file = { name: 'dropped.fcpack', size: bytes.byteLength, arrayBuffer: async () => bytes.buffer };
    const zone = document.querySelector('[data-pack-drop]')!;
    const dragOver = new Event('dragover', { bubbles: true, cancelable: true });
    Object.defineProperty(dragOver, 'dataTransfer', { value: { files: [file], dropEffect: 'none' } });
    fireEvent(zone, dragOver);
    // Accepted as a drop target (else the browser would open the file itself).
    expect(dragOver.defaultPrevented).toBe(true);
    const drop = new Event('drop', { bubbles: true, cancelable: true });
    Object.defineProperty(drop, 'dataTransfer', { value: { files: [file] } });
    fireEvent(zone, drop);
    expect(drop.defaultPrevented).toBe(true);
    await screen.findByRole('region', { name: 'Pack preview' });
    expect(jobs.start).toHaveBeenCalledWith('preview', btoa('\x1f\x8b\x09'), expect.any(Function));
  });

  it("shows an import's stages as a progress bar, and Cancel calls the job off", async () => {
    answer({ 'page.listPacks': [], 'page.previewPack': PREVIEW });
    render(<Packs />);
    await screen.findByText('None: only the bundled corpus.');
    pick();
    await screen.findByRole('region', { name: 'Pack preview' });
    const job = heldJob();
    fireEvent.click(screen.getByRole('button', { name: 'Import' }));
    const bar = await screen.findByRole('progressbar', { name: `Importing Desk ${MARKUP}` });
    expect(bar.getAttribute('max')).toBe('3');
    job.stage('reading');
    await waitFor(() => expect(bar.getAttribute('aria-valuetext')).toBe('Reading the file (step 1 of 3)'));
    expect(bar.getAttribute('value')).toBe('0');
    job.stage('writing');
    await waitFor(() => expect(bar.getAttribute('aria-valuetext')).toBe('Writing to the database (step 3 of 3)'));
    expect(bar.getAttribute('value')).toBe('2');
    // Nothing else can start meanwhile.
    expect(document.querySelector<HTMLInputElement>('input[type="file"]')!.disabled).toBe(true);

    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(job.cancel).toHaveBeenCalledTimes(1);
    await waitFor(() => expect(bar.getAttribute('aria-valuetext')).toBe('Cancelling…'));
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Cancel' }).disabled).toBe(true);
    job.finish({ kind: 'cancelled' });
    await screen.findByText(`Import of Desk ${MARKUP} cancelled: nothing was changed.`);
    expect(screen.queryByRole('progressbar')).toBeNull();
  });

  it('cancels the check of a picked file', async () => {
    answer({ 'page.listPacks': [] });
    render(<Packs />);
    await screen.findByText('None: only the bundled corpus.');
    const job = heldJob();
    pick();
    const bar = await screen.findByRole('progressbar', { name: 'Checking desk.fcpack' });
    expect(bar.getAttribute('max')).toBe('2');
    job.stage('checking');
    await waitFor(() =>
      expect(bar.getAttribute('aria-valuetext')).toBe('Checking every source, quote and name (step 2 of 2)'),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(job.cancel).toHaveBeenCalledTimes(1);
    job.finish({ kind: 'cancelled' });
    await screen.findByText('Cancelled: nothing was imported.');
    expect(screen.queryByRole('region', { name: 'Pack preview' })).toBeNull();
  });
});
