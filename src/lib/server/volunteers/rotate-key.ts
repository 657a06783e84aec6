/**
 * Re-encrypts every stored ID number from the previous DATA_ENCRYPTION_KEY to the current one, in
 * batches, each row under its own check (a row already under the new key is left alone, so the
 * command can be run again after an interruption). Run by `npm run reencrypt`.
 */
import { asc, eq, gt } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { volunteers } from '../../../../db/schema';
import { decryptIdNumber, encryptIdNumber, type VolunteerKeys } from './secrets';

export interface RotationResult {
  reencrypted: number;
  alreadyCurrent: number;
}

function decrypts(keys: VolunteerKeys, cipher: string): boolean {
  try {
    decryptIdNumber(keys, cipher);
    return true;
  } catch {
    return false;
  }
}

export async function reencryptIdNumbers(db: Db, from: VolunteerKeys, to: VolunteerKeys, batchSize = 500): Promise<RotationResult> {
  const result: RotationResult = { reencrypted: 0, alreadyCurrent: 0 };
  let after = 0;
  for (;;) {
    const rows = await db
      .select({ id: volunteers.id, cipher: volunteers.idNumberCipher })
      .from(volunteers)
      .where(gt(volunteers.id, after))
      .orderBy(asc(volunteers.id))
      .limit(batchSize);
    if (rows.length === 0) return result;
    await db.transaction(async (tx) => {
      for (const row of rows) {
        if (decrypts(to, row.cipher)) {
          result.alreadyCurrent++;
          continue;
        }
        // Throws (and rolls the batch back) if the row is under neither key.
        const idNumber = decryptIdNumber(from, row.cipher);
        await tx
          .update(volunteers)
          .set({ idNumberCipher: encryptIdNumber(to, idNumber) })
          .where(eq(volunteers.id, row.id));
        result.reencrypted++;
      }
    });
    after = rows[rows.length - 1]!.id;
  }
}
