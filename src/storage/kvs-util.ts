import { ForgeKvsAPIError } from '@forge/kvs';

/**
 * Forge KVS values are capped at 240 KiB of JSON. Lists are split well below that, so an entry
 * never fails to store because one finding message was longer than expected.
 */
export const MAX_CHUNK_BYTES = 200 * 1024;

/** `batchGet`/`batchSet`/`batchDelete` take at most 25 items per call. */
export const KVS_BATCH_ITEMS = 25;

/** Splits `items` into consecutive lists whose JSON each stays within `maxBytes`. */
export function chunkByBytes<T>(items: readonly T[], maxBytes = MAX_CHUNK_BYTES): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let size = 2;
  for (const item of items) {
    const bytes = Buffer.byteLength(JSON.stringify(item), 'utf8') + 1;
    if (bytes + 2 > maxBytes) {
      throw new Error(`One item is ${String(bytes)} bytes, more than a KVS value can hold`);
    }
    if (current.length > 0 && size + bytes > maxBytes) {
      chunks.push(current);
      current = [];
      size = 2;
    }
    current.push(item);
    size += bytes;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** The platform's answer to a lost `FAIL_IF_EXISTS` race (HTTP 409). */
export function isKeyConflict(error: unknown): boolean {
  return (
    error instanceof ForgeKvsAPIError &&
    (error.code === 'KEY_CONFLICT' || error.responseDetails.status === 409)
  );
}

export function isKvsNotFound(error: unknown): boolean {
  return error instanceof ForgeKvsAPIError && error.responseDetails.status === 404;
}

export function groupsOf<T>(items: readonly T[], size: number): T[][] {
  const groups: T[][] = [];
  for (let i = 0; i < items.length; i += size) groups.push(items.slice(i, i + size));
  return groups;
}
