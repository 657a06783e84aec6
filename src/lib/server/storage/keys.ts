/** The storage interface and its keys, shared by the drivers. */
export interface StoredFile {
  data: Buffer;
  contentType: string;
}

export interface Storage {
  put(key: string, data: Uint8Array, contentType: string): Promise<void>;
  get(key: string): Promise<StoredFile | null>;
  delete(key: string): Promise<void>;
  /** Every stored key under a prefix (for backups). */
  keys(prefix?: string): AsyncIterable<string>;
}

export type Visibility = 'public' | 'private';

const KEY_PATTERN = /^(public|private)\/[a-z0-9-]+(\/[a-z0-9-]+)*\.(jpg|png|webp)$/;
export const CONTENT_TYPES: Record<string, string> = { jpg: 'image/jpeg', png: 'image/png', webp: 'image/webp' };

export function isValidKey(key: string): boolean {
  return KEY_PATTERN.test(key);
}
