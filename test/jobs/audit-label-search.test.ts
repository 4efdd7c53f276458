/**
 * The audit's labelled-content search always fits in a URL. Label lists whose search could not
 * fit are refused by the policy (with the field named, in English and German); any accepted list
 * is searched in as many queries as it takes, so the audit completes on a site whose space keys
 * are long, against a simulator that refuses an over-long URL with 431 as Confluence does.
 */
import type {
  AuditProgress,
  AuditReportPage,
  Finding,
  SaveSettingsResult,
  SettingsView,
} from '../../src/contract/admin';
import {
  POLICY_LIMITS,
  formEncodedLength,
  labelSearchLength,
  validatePolicy,
} from '../../src/core';
import {
  MAX_CQL_ENCODED,
  labelledContentCql,
  labelledContentQueries,
} from '../../src/access/audit-cql';
import { policyErrorText } from '../../src/messages/audit';
import { messagesFor } from '../../src/messages/locale-file';
import { generateSite } from '../../dev/simulator/generate';
import type { SiteFixture } from '../../dev/simulator/fixture';
import { useApp } from '../resolvers/app-harness';
import type { AppUnderTest } from '../resolvers/app-harness';
import { SETTINGS } from './audit-helpers';

jest.setTimeout(60_000);

const ADMIN = { accountId: 'gen-user-0001' } as const;
const CJK = '機密情報保護対象文書社外秘取扱注意人事財務顧客個人番号契約';

/** `count` labels of `length` CJK characters each, distinct by their first characters. */
const cjkLabels = (count: number, length: number): string[] =>
  Array.from({ length: count }, (_, i) =>
    `${CJK[i % CJK.length] ?? ''}${CJK[Math.floor(i / CJK.length)] ?? ''}${CJK.repeat(10)}`.slice(
      0,
      length,
    ),
  );

/** 50 spaces with 120-character keys, each homepage labelled with one of `labels` in turn. */
function longKeySite(labels: readonly string[]): SiteFixture {
  const site = generateSite({
    seed: 5,
    spaces: 50,
    pages: 3,
    depth: 2,
    users: 20,
    labelRate: 0,
    restrictionRate: 0,
    folderRate: 0,
    anonymousSpaceRate: 0,
  });
  site.spaces.forEach((space, i) => {
    space.key = `K${String(i)}`.padEnd(120, 'X');
    const home = site.content.find((c) => c.id === space.homepageId);
    if (home) home.labels = [labels[i % labels.length] ?? ''];
  });
  return site;
}

async function call<T>(app: AppUnderTest, key: string, payload: unknown = {}): Promise<T> {
  const result = (await app.call(ADMIN, key, payload, SETTINGS)) as
    { ok: true; data: T } | { ok: false; error: { code: string; message: string } };
  if (!result.ok) throw new Error(`${key} failed: ${result.error.code} ${result.error.message}`);
  return result.data;
}

describe('the length of the label search', () => {
  it('is what the clause the audit sends takes in a URL', () => {
    for (const labels of [['a'], ['confidential', 'secret'], cjkLabels(7, 13)]) {
      const cql = labelledContentCql(['ENG'], labels);
      const clause = cql.slice(cql.indexOf('label in'), cql.indexOf(' AND type'));
      expect(labelSearchLength(labels)).toBe(
        new URLSearchParams({ q: clause }).toString().length - 2,
      );
      expect(formEncodedLength(cql)).toBe(new URLSearchParams({ q: cql }).toString().length - 2);
    }
  });

  it('refuses 20 labels of 100 non-Latin characters, naming the field, in English and German', () => {
    const checked = validatePolicy({ sensitiveLabels: cjkLabels(20, 100) });
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.errors).toEqual([
      {
        field: 'sensitiveLabels',
        problem: {
          kind: 'labels-too-long-for-search',
          max: POLICY_LIMITS.maxLabelSearchLength,
          got: labelSearchLength(cjkLabels(20, 100)),
        },
      },
    ]);
    const [error] = checked.errors;
    if (error === undefined) return;
    expect(policyErrorText(messagesFor('en-US'), error)).toBe(
      "Sensitive labels: together the labels are too long for Confluence's search. They take 18,192 characters of the search address and at most 2,500 fit; use fewer or shorter labels (a character other than an unaccented Latin letter or a digit takes 3 to 12).",
    );
    expect(policyErrorText(messagesFor('de-DE'), error)).toMatch(
      /^Sensible Labels: Zusammen sind die Labels zu lang .* 18\.192 Zeichen .* höchstens 2\.500/u,
    );
  });

  it('splits a search that would not fit into queries that each do, covering every pair', () => {
    const labels = cjkLabels(10, 25);
    expect(validatePolicy({ sensitiveLabels: labels }).ok).toBe(true);
    const keys = longKeySite(labels).spaces.map((space) => space.key);
    expect(formEncodedLength(labelledContentCql(keys, labels))).toBeGreaterThan(8_192);
    const queries = labelledContentQueries(keys, labels);
    expect(queries.length).toBe(3);
    for (const cql of queries) expect(formEncodedLength(cql)).toBeLessThanOrEqual(MAX_CQL_ENCODED);
    const covered = queries.flatMap((cql) => keys.filter((key) => cql.includes(`"${key}"`)));
    expect(covered).toEqual(keys);
    // A policy stored before the check still works: its labels are split too.
    const stored = cjkLabels(20, 100);
    const split = labelledContentQueries(keys.slice(0, 2), stored);
    for (const cql of split) expect(formEncodedLength(cql)).toBeLessThanOrEqual(MAX_CQL_ENCODED);
    for (const label of stored) expect(split.some((cql) => cql.includes(`"${label}"`))).toBe(true);
  });
});

describe('an audit with long labels on a site with long space keys', () => {
  const labels = cjkLabels(10, 25);
  const site = longKeySite(labels);
  const app = useApp({ fixture: site }, { jobs: true });

  it('the simulator refuses an over-long URL with 431, as Confluence does', async () => {
    const response = await fetch(`${app().sim.baseUrl}/wiki/rest/api/space?q=${'x'.repeat(9_000)}`);
    expect(response.status).toBe(431);
  });

  it('the admin page refuses labels that cannot be searched, and saves ones that can', async () => {
    const { policy } = await call<SettingsView>(app(), 'getSettings');
    const refused = await call<SaveSettingsResult>(app(), 'saveSettings', {
      policy: { ...policy, sensitiveLabels: cjkLabels(20, 100) },
    });
    expect(refused.saved).toBe(false);
    expect(refused.fieldErrors?.map((e) => [e.field, e.problem.kind])).toEqual([
      ['sensitiveLabels', 'labels-too-long-for-search'],
    ]);
    const saved = await call<SaveSettingsResult>(app(), 'saveSettings', {
      policy: { ...policy, sensitiveLabels: labels },
    });
    expect(saved.saved).toBe(true);
  });

  it('completes and finds every labelled page, in three searches per 50 spaces', async () => {
    app().sim.resetStats();
    const started = await call<AuditProgress>(app(), 'startAudit');
    await app().drain();
    const { audit } = await call<{ audit: AuditProgress }>(app(), 'getAuditStatus', {
      auditId: started.auditId,
    });
    expect(audit).toMatchObject({ state: 'completed', spacesDone: 50, spacesTotal: 50 });
    const page = await call<AuditReportPage>(app(), 'getAuditReport', {
      auditId: started.auditId,
      rule: 'sensitive-page-unrestricted',
      limit: 200,
    });
    expect(page.findings.map((f: Finding) => f.contentId).sort()).toEqual(
      site.spaces.map((space) => space.homepageId).sort(),
    );
    const searches = app().platform.requests.filter(
      (r) => r.provider === 'app' && r.path.startsWith('/wiki/rest/api/content/search'),
    );
    expect(searches.filter((r) => r.status === 431)).toEqual([]);
    expect(searches).toHaveLength(3);
  });
});
