/**
 * The final findings of an audit, laid out so that one report page reads what it shows
 * (docs/ARCHITECTURE.md, "The audit's storage").
 *
 * | key                       | value                                                        |
 * | ------------------------- | ------------------------------------------------------------ |
 * | `audit:findings:{id}:{c}` | segment c of the findings in the report's order (main list)  |
 * | `audit:fr:{id}:{c}`       | segment c of the same findings grouped by rule (rule list)   |
 * | `audit:fsp:{id}:{c}`      | chunk c of the space directory: each space's runs, by key    |
 * | `audit:fidx:{id}`         | `FindingsIndex`: segment starts, runs per severity and rule  |
 *
 * The report's order is severity, space, rule, …, so every severity and every (severity, space) is
 * one run of consecutive positions in the main list; in the rule list every (rule, severity) and
 * (rule, severity, space) is one run. Any combination of the report's filters (severity, rule,
 * space) is therefore a few runs of one list, found from the index and, when a space is named,
 * its directory entry: a page reads the index, at most one directory chunk and the segments that
 * hold its findings, however many findings the audit has. The index is written last, so its
 * presence says every other key is in place; audits stored by earlier versions have none and are
 * read whole.
 */
import { kvs } from '@forge/kvs';
import { RULE_IDS, SEVERITIES, normaliseFindings } from '../core';
import type { Finding, RuleId, Severity } from '../core';
import { KVS_BATCH_ITEMS, MAX_CHUNK_BYTES, chunkByBytes, groupsOf } from './kvs-util';

export const mainSegmentKey = (id: string, segment: number): string =>
  `audit:findings:${id}:${String(segment)}`;
export const ruleSegmentKey = (id: string, segment: number): string =>
  `audit:fr:${id}:${String(segment)}`;
export const directoryKey = (id: string, chunk: number): string =>
  `audit:fsp:${id}:${String(chunk)}`;
export const indexKey = (id: string): string => `audit:fidx:${id}`;

/** Consecutive positions of one list: `[start, count]`. */
export type Run = readonly [start: number, count: number];

/** One space's findings: where they are in both lists, and so how many of each kind. */
export interface SpaceEntry {
  readonly key: string;
  /** Runs of the main list: `[severity index, start, count]`. */
  readonly main: readonly (readonly [severity: number, start: number, count: number])[];
  /** Runs of the rule list: `[rule index, severity index, start, count]`. */
  readonly rule: readonly (readonly [
    rule: number,
    severity: number,
    start: number,
    count: number,
  ])[];
}

export interface FindingsIndex {
  readonly version: 1;
  readonly total: number;
  /** Position of the first finding of each main-list segment. */
  readonly main: readonly number[];
  /** Position of the first finding of each rule-list segment. */
  readonly byRule: readonly number[];
  /** Runs of the main list per severity (index into SEVERITIES). */
  readonly severity: readonly (readonly Run[])[];
  /** Runs of the rule list per rule (index into RULE_IDS), then per severity. */
  readonly ruleSeverity: readonly (readonly (readonly Run[])[])[];
  /** Spaces with at least one finding. */
  readonly spaces: number;
  /** The first space key of each directory chunk, in code-unit order. */
  readonly directory: readonly string[];
}

/** At most this many findings per segment, so a page of MAX_PAGE reads few segments. */
const SEGMENT_ITEMS = 100;
/**
 * At most this many segments per list, so the index stays a small fraction of a KVS value on any
 * site (segments grow instead).
 */
const MAX_SEGMENTS = 4_000;
/** Directory chunks stay small: a space's page reads one. */
const DIRECTORY_CHUNK_BYTES = 32 * 1024;
/** A batch set's payload is capped at 4 MB; leave room for keys and JSON around the values. */
const MAX_BATCH_BYTES = 3_500_000;

/** Code-unit order, the directory's: the same in every runtime and locale. */
const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Extends the last run when `position` follows it, else starts a new one. */
function addTo(runs: (readonly [number, number])[], position: number): void {
  const last = runs[runs.length - 1];
  if (last !== undefined && last[0] + last[1] === position) {
    runs[runs.length - 1] = [last[0], last[1] + 1];
  } else {
    runs.push([position, 1]);
  }
}

function segmentsOf(findings: readonly Finding[]): { segments: Finding[][]; starts: number[] } {
  const items = Math.max(SEGMENT_ITEMS, Math.ceil(findings.length / MAX_SEGMENTS));
  // Fixed counts, so a page touches as few segments as its length allows; split further only
  // when a hundred findings would not fit one value.
  const segments = groupsOf(findings, items).flatMap((group) => chunkByBytes(group));
  const starts: number[] = [];
  let position = 0;
  for (const segment of segments) {
    starts.push(position);
    position += segment.length;
  }
  return { segments, starts };
}

interface SpaceBuilder {
  readonly main: Map<number, (readonly [number, number])[]>;
  readonly rule: Map<string, (readonly [number, number])[]>;
}

/**
 * The keys and values of an audit's final findings, and their index (stored after them). Pure.
 * A finding of a rule this version does not know stays in the main list only.
 */
export function layoutFindings(
  auditId: string,
  input: readonly Finding[],
): { readonly items: { key: string; value: unknown }[]; readonly index: FindingsIndex } {
  // Normalised here as well, so the layout's runs hold whatever order the caller had.
  const findings = normaliseFindings(input);
  const severityOf = (finding: Finding): number => SEVERITIES.indexOf(finding.severity);
  const ruleOf = (finding: Finding): number => RULE_IDS.indexOf(finding.rule);
  const byRule = RULE_IDS.map(() => [] as Finding[]);
  for (const finding of findings) byRule[ruleOf(finding)]?.push(finding);
  const ruleList = byRule.flat();

  const severity = SEVERITIES.map(() => [] as (readonly [number, number])[]);
  const ruleSeverity = RULE_IDS.map(() =>
    SEVERITIES.map(() => [] as (readonly [number, number])[]),
  );
  const spaces = new Map<string, SpaceBuilder>();
  const spaceOf = (key: string): SpaceBuilder => {
    let space = spaces.get(key);
    if (space === undefined) {
      space = { main: new Map(), rule: new Map() };
      spaces.set(key, space);
    }
    return space;
  };
  const runsIn = <K>(map: Map<K, (readonly [number, number])[]>, key: K) => {
    let runs = map.get(key);
    if (runs === undefined) {
      runs = [];
      map.set(key, runs);
    }
    return runs;
  };
  findings.forEach((finding, position) => {
    const s = severityOf(finding);
    addTo(severity[s] ?? [], position);
    addTo(runsIn(spaceOf(finding.spaceKey).main, s), position);
  });
  ruleList.forEach((finding, position) => {
    const r = ruleOf(finding);
    const s = severityOf(finding);
    addTo(ruleSeverity[r]?.[s] ?? [], position);
    addTo(runsIn(spaceOf(finding.spaceKey).rule, `${String(r)}:${String(s)}`), position);
  });

  const entries: SpaceEntry[] = [...spaces.entries()]
    .sort(([a], [b]) => byCodeUnits(a, b))
    .map(([key, space]) => ({
      key,
      main: [...space.main.entries()].flatMap(([s, runs]) =>
        runs.map(([start, count]) => [s, start, count] as const),
      ),
      rule: [...space.rule.entries()].flatMap(([rs, runs]) => {
        const [r, s] = rs.split(':').map(Number) as [number, number];
        return runs.map(([start, count]) => [r, s, start, count] as const);
      }),
    }));
  const directory = chunkByBytes(entries, DIRECTORY_CHUNK_BYTES);
  const main = segmentsOf(findings);
  const rules = segmentsOf(ruleList);
  const index: FindingsIndex = {
    version: 1,
    total: findings.length,
    main: main.starts,
    byRule: rules.starts,
    severity,
    ruleSeverity,
    spaces: entries.length,
    directory: directory.map((chunk) => chunk[0]?.key ?? ''),
  };
  const items = [
    ...main.segments.map((value, c) => ({ key: mainSegmentKey(auditId, c), value })),
    ...rules.segments.map((value, c) => ({ key: ruleSegmentKey(auditId, c), value })),
    ...directory.map((value, c) => ({ key: directoryKey(auditId, c), value })),
  ];
  return { items, index };
}

/** Groups of at most 25 items whose values together stay inside one batch set's payload. */
function batchesOf<T extends { readonly value: unknown }>(items: readonly T[]): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = Buffer.byteLength(JSON.stringify(item.value), 'utf8') + 600;
    if (
      current.length > 0 &&
      (current.length >= KVS_BATCH_ITEMS || bytes + size > MAX_BATCH_BYTES)
    ) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** Stores an audit's final findings and their index (last); returns the main segments' count. */
export async function writeIndexedFindings(
  auditId: string,
  findings: readonly Finding[],
): Promise<number> {
  const { items, index } = layoutFindings(auditId, findings);
  for (const batch of batchesOf(items)) {
    const result = await kvs.batchSet(batch);
    if (result.failedKeys.length > 0) {
      throw new Error(`Could not store the findings (${String(result.failedKeys.length)} keys)`);
    }
  }
  const bytes = Buffer.byteLength(JSON.stringify(index), 'utf8');
  if (bytes > MAX_CHUNK_BYTES) throw new Error(`The findings index is ${String(bytes)} bytes`);
  await kvs.set(indexKey(auditId), index);
  return index.main.length;
}

export function readIndex(auditId: string): Promise<FindingsIndex | undefined> {
  return kvs.get<FindingsIndex>(indexKey(auditId));
}

/** Every key the layout of `index` wrote, the index included: what deleting an audit deletes. */
export function indexedKeys(auditId: string, index: FindingsIndex): string[] {
  return [
    ...index.main.map((_, c) => mainSegmentKey(auditId, c)),
    ...index.byRule.map((_, c) => ruleSegmentKey(auditId, c)),
    ...index.directory.map((_, c) => directoryKey(auditId, c)),
    indexKey(auditId),
  ];
}

/** The directory entry of `spaceKey`: one read of the chunk that would hold it. */
async function readSpace(
  auditId: string,
  index: FindingsIndex,
  spaceKey: string,
): Promise<SpaceEntry | undefined> {
  // The last chunk whose first key is not after `spaceKey`.
  let low = 0;
  let high = index.directory.length - 1;
  let chunk = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (byCodeUnits(index.directory[mid] ?? '', spaceKey) <= 0) {
      chunk = mid;
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  if (chunk < 0) return undefined;
  const entries = await kvs.get<SpaceEntry[]>(directoryKey(auditId, chunk));
  return entries?.find((entry) => entry.key === spaceKey);
}

export interface IndexedQuery {
  readonly severity?: Severity;
  readonly rule?: RuleId;
  readonly spaceKey?: string;
  /** Position in the filtered list of the page's first finding. */
  readonly start: number;
  readonly limit: number;
}

/** The runs of one list that a filter selects, in list order. */
async function selection(
  auditId: string,
  index: FindingsIndex,
  query: IndexedQuery,
): Promise<{ readonly list: 'main' | 'rule'; readonly runs: readonly Run[] }> {
  const s = query.severity === undefined ? undefined : SEVERITIES.indexOf(query.severity);
  const r = query.rule === undefined ? undefined : RULE_IDS.indexOf(query.rule);
  const space =
    query.spaceKey === undefined ? undefined : await readSpace(auditId, index, query.spaceKey);
  if (query.spaceKey !== undefined && space === undefined) return { list: 'main', runs: [] };
  const sorted = (runs: Run[]): Run[] => runs.sort((a, b) => a[0] - b[0]);
  if (r !== undefined) {
    if (space !== undefined) {
      return {
        list: 'rule',
        runs: sorted(
          space.rule
            .filter(([rule, severity]) => rule === r && (s === undefined || severity === s))
            .map(([, , start, count]) => [start, count] as const),
        ),
      };
    }
    const bySeverity = index.ruleSeverity[r] ?? [];
    const runs = s === undefined ? bySeverity.flat() : [...(bySeverity[s] ?? [])];
    return { list: 'rule', runs: sorted(runs) };
  }
  if (space !== undefined) {
    return {
      list: 'main',
      runs: sorted(
        space.main
          .filter(([severity]) => s === undefined || severity === s)
          .map(([, start, count]) => [start, count] as const),
      ),
    };
  }
  if (s !== undefined) return { list: 'main', runs: sorted([...(index.severity[s] ?? [])]) };
  return { list: 'main', runs: index.total === 0 ? [] : [[0, index.total]] };
}

/** The segment holding `position`: the last whose start is not after it. */
function segmentAt(starts: readonly number[], position: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((starts[mid] ?? 0) <= position) low = mid;
    else high = mid - 1;
  }
  return low;
}

/**
 * One page of an indexed audit's findings and how many match the filter, or undefined when the
 * audit has no index (stored by an earlier version).
 */
export async function readIndexedPage(
  auditId: string,
  query: IndexedQuery,
): Promise<{ readonly findings: Finding[]; readonly total: number } | undefined> {
  const index = await readIndex(auditId);
  if (index === undefined) return undefined;
  const { list, runs } = await selection(auditId, index, query);
  const total = runs.reduce((sum, [, count]) => sum + count, 0);
  // The page's positions in the list, as runs.
  const wanted: [number, number][] = [];
  let skip = query.start;
  let left = query.limit;
  for (const [start, count] of runs) {
    if (left <= 0) break;
    if (skip >= count) {
      skip -= count;
      continue;
    }
    const take = Math.min(count - skip, left);
    wanted.push([start + skip, take]);
    skip = 0;
    left -= take;
  }
  const starts = list === 'main' ? index.main : index.byRule;
  const keyOf = list === 'main' ? mainSegmentKey : ruleSegmentKey;
  const segments = new Set<number>();
  for (const [start, count] of wanted) {
    for (let c = segmentAt(starts, start); c <= segmentAt(starts, start + count - 1); c += 1) {
      segments.add(c);
    }
  }
  const loaded = new Map<number, Finding[]>();
  for (const group of groupsOf([...segments], KVS_BATCH_ITEMS)) {
    const got = await kvs.batchGet<Finding[]>(group.map((c) => ({ key: keyOf(auditId, c) })));
    if (got.failedKeys.length > 0) {
      throw new Error(`Stored findings are missing (${String(got.failedKeys.length)} keys)`);
    }
    for (const item of got.successfulKeys) {
      loaded.set(Number(item.key.slice(item.key.lastIndexOf(':') + 1)), item.value);
    }
  }
  const findings: Finding[] = [];
  for (const [start, count] of wanted) {
    for (let position = start; position < start + count; position += 1) {
      const c = segmentAt(starts, position);
      const finding = loaded.get(c)?.[position - (starts[c] ?? 0)];
      if (finding !== undefined) findings.push(finding);
    }
  }
  return { findings, total };
}
