/**
 * The loader's note of a corpus whose row counts were found whole (`countsChecked`): a restarted
 * service worker skips counting tens of thousands of rows while the note (storage.session in the
 * background: one browser session) holds the bundle's version, and counts otherwise.
 */
import Dexie from 'dexie';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureCorpus, type CheckNote } from '@/lib/db/loader';
import { loadCorpus } from '@/scripts/corpus/read';

const fixture = loadCorpus(join(import.meta.dirname, '../fixtures/corpus/valid')).bundle!;
const NAME = 'counts-checked-test';

afterEach(async () => {
  await Dexie.delete(NAME);
});

function memoryNote(initial: string | null = null): CheckNote & { value: string | null } {
  const note = {
    value: initial,
    get: async () => note.value,
    set: async (version: string) => {
      note.value = version;
    },
  };
  return note;
}

/** Loads the fixture, then removes its facts behind the loader's back (a damaged store). */
async function damagedDatabase(): Promise<void> {
  const { db } = await ensureCorpus(fixture, { name: NAME });
  await db.facts.clear();
  db.close();
}

describe('countsChecked', () => {
  it('notes the version once the counts are whole, then skips counting while the note holds it', async () => {
    const note = memoryNote();
    const first = await ensureCorpus(fixture, { name: NAME, countsChecked: note });
    expect(first.outcome).toBe('loaded');
    expect(note.value).toBe(fixture.version);
    await first.db.facts.clear();
    first.db.close();
    // The note holds this version: the damage goes unseen until the note is gone (the trade-off).
    const noted = await ensureCorpus(fixture, { name: NAME, countsChecked: note, log: () => {} });
    expect(noted.outcome).toBe('current');
    noted.db.close();
    // A new session (no note): counted, rebuilt, noted again.
    const fresh = memoryNote();
    const counted = await ensureCorpus(fixture, { name: NAME, countsChecked: fresh, log: () => {} });
    expect(counted).toMatchObject({ outcome: 'rebuilt', reason: expect.stringMatching(/table facts holds 0 rows/) });
    expect(await counted.db.facts.count()).toBe(fixture.facts.length);
    expect(fresh.value).toBe(fixture.version);
    counted.db.close();
  });

  it('counts when the note holds another version or cannot be read', async () => {
    await damagedDatabase();
    const other = memoryNote('an older corpus');
    const withOther = await ensureCorpus(fixture, { name: NAME, countsChecked: other, log: () => {} });
    expect(withOther.outcome).toBe('rebuilt');
    expect(other.value).toBe(fixture.version);
    withOther.db.close();

    await damagedDatabase();
    const unreadable: CheckNote = {
      get: () => Promise.reject(new Error('storage.session is gone')),
      set: async () => {},
    };
    const withUnreadable = await ensureCorpus(fixture, { name: NAME, countsChecked: unreadable, log: () => {} });
    expect(withUnreadable.outcome).toBe('rebuilt');
    withUnreadable.db.close();
  });

  it('loads the corpus even when the note cannot be written', async () => {
    const unwritable: CheckNote = {
      get: async () => null,
      set: () => Promise.reject(new Error('quota')),
    };
    const r = await ensureCorpus(fixture, { name: NAME, countsChecked: unwritable });
    expect(r.outcome).toBe('loaded');
    expect(await r.db.facts.count()).toBe(fixture.facts.length);
    r.db.close();
  });
});
