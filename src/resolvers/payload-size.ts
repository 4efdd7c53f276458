export interface PayloadLimits {
  /** Characters of JSON the payload may serialise to. */
  readonly maxBytes: number;
  /** Arrays and objects nested inside one another, the payload itself counted as 1. */
  readonly maxDepth: number;
}

/** Far deeper than any payload of this app (a policy is 3 levels); deeper ones are refused. */
export const MAX_PAYLOAD_DEPTH = 32;

type Entry = readonly [value: unknown, depth: number];

/**
 * Whether `value` serialises to at most `maxBytes` characters of JSON (the length
 * `JSON.stringify` would give) and nests at most `maxDepth` containers deep.
 *
 * `JSON.stringify` recurses, so a payload a few thousand levels deep overflows the stack before
 * it can be refused. This walks with an explicit stack instead, and stops as soon as a limit is
 * passed, so neither depth nor size of a hostile payload costs more than the limits themselves.
 */
export function fitsPayloadLimits(value: unknown, limits: PayloadLimits): boolean {
  let size = 0;
  const room = () => limits.maxBytes - size;
  const stack: Entry[] = [[value, 1]];
  for (let entry = stack.pop(); entry !== undefined; entry = stack.pop()) {
    const [current, depth] = entry;
    if (typeof current === 'object' && current !== null) {
      if (depth > limits.maxDepth) return false;
      // `[]` or `{}`, and an array's commas; an object's are counted with its members.
      size += 2 + (Array.isArray(current) ? Math.max(0, current.length - 1) : 0);
      if (size > limits.maxBytes) return false;
      if (Array.isArray(current)) {
        for (const element of current as unknown[]) stack.push([element, depth + 1]);
        continue;
      }
      let members = 0;
      for (const key of Object.keys(current)) {
        const member: unknown = (current as Record<string, unknown>)[key];
        if (skippedInObject(member)) continue;
        size += (members > 0 ? 1 : 0) + stringSize(key, room()) + 1; // comma, key, colon
        members += 1;
        if (size > limits.maxBytes) return false;
        stack.push([member, depth + 1]);
      }
      continue;
    }
    size += scalarSize(current, room());
    if (size > limits.maxBytes) return false;
  }
  return true;
}

/** Values `JSON.stringify` leaves out of objects (and writes as `null` in arrays). */
function skippedInObject(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

function scalarSize(value: unknown, room: number): number {
  if (typeof value === 'string') return stringSize(value, room);
  if (typeof value === 'number' || typeof value === 'boolean') return JSON.stringify(value).length;
  if (typeof value === 'bigint') return String(value).length;
  return 4; // null, and undefined/functions/symbols as array elements
}

/** Escaping only lengthens a string, so one that cannot fit is not escaped to find out. */
function stringSize(value: string, room: number): number {
  return value.length + 2 > room ? value.length + 2 : JSON.stringify(value).length;
}
