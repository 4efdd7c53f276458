/**
 * Accepted exceptions in Forge KVS, one key per finding (`exception:{hash of the finding id}`):
 * finding ids hold characters KVS keys may not (`|`, `%`) and may be longer than a key, so the key
 * is a digest and the value carries the id. Listed with one prefix query per 100; there are at
 * most `EXCEPTION_LIMITS.maxExceptions` (docs/ARCHITECTURE.md, "Findings you can act on").
 * Expired exceptions are kept (the admin page shows them as expired) until revoked or replaced.
 */
import { createHash } from 'node:crypto';
import { WhereConditions, kvs } from '@forge/kvs';
import { EXCEPTION_LIMITS } from '../core';
import type { FindingException } from '../core';
import { isKvsNotFound } from './kvs-util';

export const EXCEPTION_PREFIX = 'exception:';

export function exceptionKey(findingId: string): string {
  return `${EXCEPTION_PREFIX}${createHash('sha256').update(findingId, 'utf8').digest('hex').slice(0, 40)}`;
}

/** Every stored exception, in finding-id order. */
export async function readExceptions(): Promise<FindingException[]> {
  const found: FindingException[] = [];
  let cursor: string | undefined;
  do {
    let query = kvs.query().where('key', WhereConditions.beginsWith(EXCEPTION_PREFIX)).limit(100);
    if (cursor !== undefined) query = query.cursor(cursor);
    const page = await query.getMany<FindingException>();
    found.push(...page.results.map((result) => result.value));
    cursor = page.nextCursor;
  } while (cursor !== undefined && found.length < EXCEPTION_LIMITS.maxExceptions * 2);
  return found.sort((a, b) => (a.findingId < b.findingId ? -1 : a.findingId > b.findingId ? 1 : 0));
}

export async function readException(findingId: string): Promise<FindingException | undefined> {
  return kvs.get<FindingException>(exceptionKey(findingId));
}

/** Keeps (or replaces) the exception of its finding. */
export async function writeException(exception: FindingException): Promise<void> {
  await kvs.set(exceptionKey(exception.findingId), exception);
}

/** Removes a finding's exception; false when it had none. */
export async function deleteException(findingId: string): Promise<boolean> {
  const key = exceptionKey(findingId);
  if ((await kvs.get(key)) === undefined) return false;
  try {
    await kvs.delete(key);
  } catch (error) {
    if (isKvsNotFound(error)) return false;
    throw error;
  }
  return true;
}
