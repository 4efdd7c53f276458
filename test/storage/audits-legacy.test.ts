/**
 * Audit snapshots stored by the previous version carry their words (a finding's `message`, its
 * principal as text, an audit's `note`); they still render, exactly as stored.
 */
import { parse } from 'csv-parse/sync';
import { auditSpace, DEFAULT_POLICY, diffFindings } from '../../src/core';
import type { Finding } from '../../src/core';
import {
  auditStopText,
  findingJson,
  findingPrincipal,
  findingText,
  findingsCsv,
} from '../../src/messages/audit';
import { messagesFor } from '../../src/messages/locale-file';
import { storedFinding } from '../../src/storage/audits';

const en = messagesFor('en-US');

/** A finding as the previous version wrote it to KVS. */
const OLD = {
  id: 'user-grants|ENG||user:u-dave',
  rule: 'user-grants',
  severity: 'low',
  spaceKey: 'ENG',
  principal: 'Dave (u-dave)',
  message: 'Dave (u-dave) holds the space permission view in space ENG personally.',
} as const;

describe('findings stored by the previous version', () => {
  const finding = storedFinding(OLD);

  it('render their stored sentence and principal', () => {
    expect(findingText(en, finding)).toBe(OLD.message);
    expect(findingPrincipal(en, finding)).toBe('Dave (u-dave)');
    expect(findingJson(en, finding)).toEqual(OLD);
    const [row] = parse<Record<string, string>>(findingsCsv(en, [finding]), { columns: true });
    expect(row).toMatchObject({ principal: 'Dave (u-dave)', message: OLD.message });
  });

  it('compare with this version’s findings by fingerprint', () => {
    const current: Finding[] = auditSpace(
      {
        space: { id: '1', key: 'ENG' },
        grants: [
          {
            principal: { kind: 'user', accountId: 'u-dave', displayName: 'Dave' },
            operation: { key: 'read', targetType: 'space' },
          },
        ],
        labelledContent: [],
      },
      DEFAULT_POLICY,
    );
    const diff = diffFindings([finding], current);
    expect(diff.added).toEqual([]);
    expect(diff.resolved).toEqual([]);
    expect(findingText(en, diff.unchanged[0]!)).toBe(
      'Dave (u-dave) holds the space permission view in space ENG personally rather than through a group. Access given person by person is hard to review and lingers when people change teams: give it to a group and remove the personal grant in Space settings → Permissions.',
    );
  });

  it('leave this version’s findings as they are', () => {
    const { message: _message, principal: _principal, ...data } = OLD;
    const fresh: Finding = { ...data, principal: { kind: 'user', accountId: 'u-dave' } };
    expect(storedFinding(fresh)).toBe(fresh);
  });
});

describe('why an audit stopped', () => {
  it('says a stored note as it was stored, and words this version’s reasons', () => {
    expect(auditStopText(en, { note: 'Cancelled at 2026-01-01T00:00:00.000Z.' })).toBe(
      'Cancelled at 2026-01-01T00:00:00.000Z.',
    );
    expect(auditStopText(en, { stop: { kind: 'cancelled', at: '2026-01-01T00:00:00.000Z' } })).toBe(
      'Cancelled at 2026-01-01T00:00:00.000Z.',
    );
    expect(auditStopText(en, {})).toBeUndefined();
  });
});
