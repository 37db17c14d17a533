/**
 * The options page's Corpus packs section (Testing Library, jsdom): the preview shows everything
 * a pack says as text (markup in a pack never becomes elements), a refusal lists its problems,
 * and nothing is imported before the reader confirms.
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
const { Packs } = await import('@/components/options/Packs');

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
    expect(messaging.request.mock.calls.map(([type]) => type)).not.toContain('page.importPack');
    // The file went as base64.
    expect(messaging.request).toHaveBeenCalledWith('page.previewPack', { bytes: btoa('\x1f\x8b\x01\x02') });

    fireEvent.click(screen.getByRole('button', { name: 'Import' }));
    await screen.findByText(`Desk ${MARKUP} 1.0 imported.`);
    expect(messaging.request).toHaveBeenCalledWith('page.importPack', { bytes: btoa('\x1f\x8b\x01\x02') });
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
    expect(messaging.request.mock.calls.map(([type]) => type)).not.toContain('page.importPack');
  });

  it('cancels a preview without importing', async () => {
    answer({ 'page.listPacks': [], 'page.previewPack': PREVIEW });
    render(<Packs />);
    await screen.findByText('None: only the bundled corpus.');
    pick();
    await screen.findByRole('region', { name: 'Pack preview' });
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Pack preview' })).toBeNull());
    expect(messaging.request.mock.calls.map(([type]) => type)).not.toContain('page.importPack');
  });
});
