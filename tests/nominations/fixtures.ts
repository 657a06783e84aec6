/** Rows the nomination tests share: a tiny city, accounts, a round on a given schedule, photos. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type { Db } from '../../db/client';
import { areas, nominationRounds, users, type Role } from '../../db/schema';
import type { Actor } from '../../src/lib/server/auth/permissions';
import { LocalDiskStorage } from '../../src/lib/server/storage';

const square = {
  type: 'Polygon' as const,
  coordinates: [
    [
      [113, 28],
      [113.01, 28],
      [113.01, 28.01],
      [113, 28.01],
      [113, 28],
    ],
  ],
};
const box = { minLng: 113, minLat: 28, maxLng: 113.01, maxLat: 28.01 };

/** A district, a subdistrict and a community; returns the community's and the district's ids. */
export async function createCommunity(db: Db, code: string): Promise<{ communityId: number; districtId: number }> {
  const [district] = await db
    .insert(areas)
    .values({ code: `${code}-d`, level: 'district', nameZh: `${code}区`, nameEn: `${code} District`, geometry: square, ...box })
    .returning({ id: areas.id });
  const [subdistrict] = await db
    .insert(areas)
    .values({ code: `${code}-s`, level: 'subdistrict', parentId: district!.id, nameZh: `${code}街道`, nameEn: `${code} Subdistrict`, geometry: square, ...box })
    .returning({ id: areas.id });
  const [community] = await db
    .insert(areas)
    .values({ code: `${code}-c`, level: 'community', parentId: subdistrict!.id, nameZh: `${code}社区`, nameEn: `${code} Community`, geometry: square, ...box })
    .returning({ id: areas.id });
  return { communityId: community!.id, districtId: district!.id };
}

let phoneCounter = 0;

/** An account straight in the database (no password hashing: these never log in). */
export async function createAccount(db: Db, role: Role = 'resident', options: { verified?: boolean; createdAt?: Date } = {}): Promise<Actor> {
  phoneCounter += 1;
  const [user] = await db
    .insert(users)
    .values({
      phone: `139${String(process.pid % 1000).padStart(3, '0')}${String(phoneCounter).padStart(5, '0')}`,
      displayName: `测试${phoneCounter}`,
      passwordHash: 'not-a-hash',
      role,
      phoneVerifiedAt: options.verified === false ? null : new Date('2026-01-01T00:00:00Z'),
      createdAt: options.createdAt ?? new Date('2026-01-01T00:00:00Z'),
    })
    .returning({ id: users.id, role: users.role });
  return { id: user!.id, role: user!.role, departmentId: null, gridCellId: null };
}

/** Many verified accounts in one insert, for the concurrency test. */
export async function createAccounts(db: Db, n: number, prefix: string): Promise<Actor[]> {
  const rows = await db
    .insert(users)
    .values(
      Array.from({ length: n }, (_, i) => ({
        phone: `${prefix}${String(i).padStart(11 - prefix.length, '0')}`,
        displayName: `选民${i}`,
        passwordHash: 'not-a-hash',
        role: 'resident' as const,
        phoneVerifiedAt: new Date('2026-01-01T00:00:00Z'),
        createdAt: new Date('2026-01-01T00:00:00Z'),
      })),
    )
    .returning({ id: users.id, role: users.role });
  return rows.map((row) => ({ id: row.id, role: row.role, departmentId: null, gridCellId: null }));
}

const DAY = 24 * 3600 * 1000;

/**
 * A round whose stages each last a day, the first opening at `start`: nominating on day 0,
 * reviewing day 1, voting day 2, tallying day 3, notice day 4, closing from day 5.
 */
export function dailySchedule(start: Date) {
  const at = (days: number) => new Date(start.getTime() + days * DAY);
  return {
    nominationOpensAt: at(0),
    reviewOpensAt: at(1),
    votingOpensAt: at(2),
    votingClosesAt: at(3),
    noticeOpensAt: at(4),
    noticeClosesAt: at(5),
  };
}

export function dayOf(start: Date, days: number, hours = 12): Date {
  return new Date(start.getTime() + days * DAY + hours * 3600 * 1000);
}

export async function createRoundRow(db: Db, start: Date, options: { picks?: number; policy?: 'include' | 'exclude'; title?: string } = {}) {
  const [round] = await db
    .insert(nominationRounds)
    .values({
      kind: 'good_people',
      title: options.title ?? '测试轮次',
      picksPerAccount: options.picks ?? 3,
      flaggedVotesPolicy: options.policy ?? 'include',
      ...dailySchedule(start),
    })
    .returning({ id: nominationRounds.id });
  return round!.id;
}

/** What most nomination tests start from: photo storage, an office account, a nominator and a community. */
export async function prepareNominations(db: Db, communityCode: string) {
  const storage = tempStorage();
  const office = await createAccount(db, 'moderator');
  const nominator = await createAccount(db, 'resident');
  return { storage, office, nominator, ...(await createCommunity(db, communityCode)) };
}

export function tempStorage(): LocalDiskStorage {
  return new LocalDiskStorage(mkdtempSync(path.join(tmpdir(), 'wenming-nominations-')));
}

export async function samplePhoto(color = '#c62828'): Promise<Uint8Array> {
  return sharp({ create: { width: 64, height: 48, channels: 3, background: color } })
    .png()
    .toBuffer();
}

/** A story of the length the form requires (100 to 3000 characters). */
export function story(seed: string): string {
  return `${seed}。`.padEnd(120, '她每天清晨为独居老人送饭，风雨无阻，邻里都称赞她热心肠。');
}
