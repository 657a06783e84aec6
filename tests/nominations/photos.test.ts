import { readdirSync } from 'node:fs';
import path from 'node:path';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { nominationPhotos, nominations } from '../../db/schema';
import type { Actor } from '../../src/lib/server/auth/permissions';
import { acceptNomination, recordConsent, requestInfo, resubmitNomination, submitNomination } from '../../src/lib/server/nominations';
import type { LocalDiskStorage } from '../../src/lib/server/storage';
import { createTestDatabase, testDriver } from '../support/db';
import { createRoundRow, dayOf, prepareNominations, samplePhoto, story } from './fixtures';

/** Every file under a folder of the storage root, as storage keys. */
function filesUnder(storage: LocalDiskStorage, folder: string): string[] {
  const root = (storage as unknown as { root: string }).root;
  try {
    return readdirSync(path.join(root, folder), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)));
  } catch {
    return [];
  }
}

describe(`nomination photos on ${testDriver}`, () => {
  let database: Database;
  let storage: LocalDiskStorage;
  let office: Actor;
  let nominator: Actor;
  let communityId: number;
  const start = new Date('2026-11-01T00:00:00+08:00');

  beforeAll(async () => {
    database = await createTestDatabase();
    ({ storage, office, nominator, communityId } = await prepareNominations(database.db, 'ph'));
  });
  afterAll(async () => database?.close());

  const input = (name: string) => ({ nomineeName: name, communityId, category: 'helping', story: story(name), nominatorContact: '13800001111', evidence: '' });
  const photosOf = (id: number) => database.db.select().from(nominationPhotos).where(eq(nominationPhotos.nominationId, id)).orderBy(asc(nominationPhotos.position));

  it('lets the nominator remove a photo when editing after a request for information, deleting its files', async () => {
    const db = database.db;
    const submitted = await submitNomination(db, storage, nominator, input('赵删图'), [
      { name: 'a.png', bytes: await samplePhoto('#c62828') },
      { name: 'b.png', bytes: await samplePhoto('#2e7d32') },
    ]);
    if (!submitted.ok) throw new Error(submitted.message);
    const id = submitted.nomination.id;
    const [first, second] = await photosOf(id);
    await requestInfo(db, office, id, '第一张照片拍到了路人，请换一张');

    const edited = await resubmitNomination(db, storage, nominator, id, input('赵删图'), [{ name: 'c.png', bytes: await samplePhoto('#1565c0') }], [first!.id]);
    expect(edited).toMatchObject({ ok: true, nomination: { status: 'submitted' } });
    const after = await photosOf(id);
    expect(after.map((photo) => [photo.id === second!.id, photo.position])).toEqual([
      [true, 0],
      [false, 1],
    ]);
    expect(await storage.get(first!.privateKey)).toBeNull();
    expect(await storage.get(first!.privateThumbnailKey)).toBeNull();
    expect(await storage.get(second!.privateKey)).not.toBeNull();
  });

  it('ignores photo ids that belong to another nomination', async () => {
    const db = database.db;
    const other = await submitNomination(db, storage, nominator, input('钱别人'), [{ name: 'x.png', bytes: await samplePhoto() }]);
    const mine = await submitNomination(db, storage, nominator, input('孙自己'));
    if (!other.ok || !mine.ok) throw new Error('setup failed');
    const [theirs] = await photosOf(other.nomination.id);
    await requestInfo(db, office, mine.nomination.id, '请补充');
    expect(await resubmitNomination(db, storage, nominator, mine.nomination.id, input('孙自己'), [], [theirs!.id])).toMatchObject({ ok: true });
    expect(await photosOf(other.nomination.id)).toHaveLength(1);
    expect(await storage.get(theirs!.privateKey)).not.toBeNull();
  });

  it('leaves no public copy of a photo when publishing fails and its transaction rolls back', async () => {
    const db = database.db;
    const roundId = await createRoundRow(db, start);
    const submitted = await submitNomination(db, storage, nominator, input('李回滚'), [{ name: 'a.png', bytes: await samplePhoto() }]);
    if (!submitted.ok) throw new Error(submitted.message);
    const id = submitted.nomination.id;
    await acceptNomination(db, office, id, roundId, undefined, dayOf(start, 1));
    const before = filesUnder(storage, 'public');
    // Taken out of its round behind the office's back: the database's consent check refuses publication.
    await db.update(nominations).set({ roundId: null }).where(eq(nominations.id, id));

    await expect(recordConsent(db, storage, office, id, { method: 'phone', obtainedBy: '陈审核', obtainedAt: dayOf(start, 1, 9) }, undefined, dayOf(start, 1))).rejects.toThrow();
    expect(filesUnder(storage, 'public')).toEqual(before);
    const [photo] = await photosOf(id);
    expect(photo!.publicKey).toBeNull();
    const [row] = await db.select({ status: nominations.status }).from(nominations).where(eq(nominations.id, id));
    expect(row!.status).toBe('accepted');

    // Put right, the same consent publishes, and the public copies are there.
    await db.update(nominations).set({ roundId }).where(eq(nominations.id, id));
    expect(await recordConsent(db, storage, office, id, { method: 'phone', obtainedBy: '陈审核', obtainedAt: dayOf(start, 1, 9) }, undefined, dayOf(start, 1))).toMatchObject({
      ok: true,
    });
    const [published] = await photosOf(id);
    expect(filesUnder(storage, 'public').sort()).toEqual([...before, published!.publicKey!, published!.publicThumbnailKey!].sort());
  });
});
