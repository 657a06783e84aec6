/**
 * Where uploaded files live. Everything goes through this interface so that the local-disk store
 * used now can be replaced by an S3-compatible one (needed once several instances run) without
 * touching the domains. Keys are "public/…" (served by /media) or "private/…" (served only by
 * guarded routes, e.g. a photo's unblurred original for staff).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rm, writeFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { config } from '../config';
import { CONTENT_TYPES, isValidKey, type Storage, type StoredFile, type Visibility } from './keys';
import { S3Storage } from './s3';

export { isValidKey, type Storage, type StoredFile, type Visibility } from './keys';

/** An unguessable key (160 random bits) under the given visibility and folder. */
export function newKey(visibility: Visibility, folder: string, extension: 'jpg' | 'png' | 'webp', suffix = ''): string {
  return `${visibility}/${folder}/${randomBytes(20).toString('hex')}${suffix ? `-${suffix}` : ''}.${extension}`;
}

export class LocalDiskStorage implements Storage {
  constructor(private readonly root: string) {}

  private file(key: string): string {
    // Keys are validated, so they never climb out of the root.
    if (!isValidKey(key)) throw new Error(`invalid storage key: ${key}`);
    return path.join(this.root, key);
  }

  async put(key: string, data: Uint8Array, _contentType: string): Promise<void> {
    const file = this.file(key);
    await mkdir(path.dirname(file), { recursive: true });
    // Write then rename, so a reader never sees half a file.
    const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(temporary, data);
    await rename(temporary, file);
  }

  async get(key: string): Promise<StoredFile | null> {
    if (!isValidKey(key)) return null;
    try {
      const data = await readFile(this.file(key));
      return { data, contentType: CONTENT_TYPES[key.split('.').pop()!]! };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.file(key), { force: true });
  }

  /** Every stored key under a prefix (for backups); half-written temporary files are not keys. */
  async *keys(prefix = ''): AsyncGenerator<string> {
    let entries: string[];
    try {
      entries = await readdir(this.root, { recursive: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    for (const entry of entries.sort()) {
      const key = entry.split(path.sep).join('/');
      if (key.startsWith(prefix) && isValidKey(key)) yield key;
    }
  }
}

let storage: Storage | undefined;

/**
 * The process's store, as STORAGE says: `local` keeps files under UPLOADS_DIR (default
 * DATA_DIR/uploads), `s3` in the S3_BUCKET every instance shares.
 */
export function getStorage(): Storage {
  return (storage ??= config.storage.driver === 's3' ? new S3Storage(config.storage.s3) : new LocalDiskStorage(config.uploadsDir));
}
