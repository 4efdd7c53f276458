import { AUDIT_RULES, SEVERITIES } from '../../src/core';
import { ruleTitle, severityLabel } from '../../src/messages/audit';
import { messagesFor } from '../../src/messages/locale-file';
import {
  auditStateText,
  auditTimes,
  formatEta,
  formatTime,
  pageHref,
  percentDone,
  spaceHref,
} from '../../src/frontend/admin/wording';
import { comparableAudits } from '../../src/frontend/admin/state/history';
import type { AuditProgress } from '../../src/contract/admin';

const en = messagesFor('en-US');

const progress = (overrides: Partial<AuditProgress> = {}): AuditProgress => ({
  auditId: 'a-1',
  state: 'completed',
  startedAt: '2026-03-10T09:00:00.000Z',
  startedBy: 'schedule',
  spacesDone: 3,
  spacesTotal: 4,
  pointsUsed: 1,
  pointsBudget: 2,
  ...overrides,
});

describe('admin wording', () => {
  it('uses the audit rules’ own titles', () => {
    expect(AUDIT_RULES.map((rule) => ruleTitle(en, rule.id))).toEqual([
      'Space open to anonymous visitors',
      'Broad group is space admin',
      'Accounts that left still hold access',
      'Personal space open to everyone',
      'Sensitive content without a view restriction',
      'Guests have access',
      'Teams have access',
      'Permissions given to individuals',
      'Could not be inspected',
    ]);
    expect(SEVERITIES.map((severity) => severityLabel(en, severity))).toEqual([
      'High',
      'Medium',
      'Low',
      'Info',
    ]);
  });

  it('says how long is left in words', () => {
    expect(formatEta(en, 20)).toBe('less than a minute left');
    expect(formatEta(en, 60)).toBe('about 1 minute left');
    expect(formatEta(en, 600)).toBe('about 10 minutes left');
    expect(formatEta(en, 3600)).toBe('about 1 hour left');
    expect(formatEta(en, 2 * 3600 + 5 * 60)).toBe('about 2 hours 5 minutes left');
  });

  it('never shows 100 % before the last space', () => {
    expect(percentDone(0, 0)).toBe(0);
    expect(percentDone(999, 1000)).toBe(99);
    expect(percentDone(1000, 1000)).toBe(100);
    expect(percentDone(1, 3)).toBe(33);
  });

  it('explains what the findings of an audit that stopped early cover', () => {
    expect(
      auditStateText(en, progress({ state: 'partial', note: 'Budget reached.' })).text,
    ).toMatch(/^Budget reached\. Its findings cover only the 3 of 4 spaces it checked/u);
    expect(auditStateText(en, progress({ state: 'cancelled' })).text).toContain(
      'cover only the 3 of 4 spaces checked before it stopped',
    );
    expect(auditStateText(en, progress({ state: 'completed', spacesTotal: 1 })).text).toBe(
      'All 1 space was checked.',
    );
  });

  it('links relative to the site', () => {
    expect(spaceHref('~5b1f:abc')).toBe('/wiki/spaces/~5b1f%3Aabc');
    expect(pageHref('123')).toBe('/wiki/pages/viewpage.action?pageId=123');
  });

  it('compares the two newest complete audits', () => {
    const audits = [
      progress({ auditId: 'old', startedAt: '2026-03-01T00:00:00.000Z' }),
      progress({ auditId: 'new', startedAt: '2026-03-09T00:00:00.000Z' }),
      progress({ auditId: 'partial', state: 'partial', startedAt: '2026-03-10T00:00:00.000Z' }),
      progress({ auditId: 'mid', startedAt: '2026-03-05T00:00:00.000Z' }),
    ];
    expect(comparableAudits({ audits }).map((audit) => audit.auditId)).toEqual(['new', 'mid']);
  });

  describe('times of several audits', () => {
    const first = '2026-03-10T09:00:10.000Z';
    const second = '2026-03-10T09:00:30.000Z';
    const later = '2026-03-10T11:15:00.000Z';

    it('keeps two audits of the same minute apart', () => {
      const label = auditTimes(en, [first, second, later]);
      expect(label(first)).not.toBe(label(second));
      expect(label(first)).not.toBe(formatTime(en, first));
    });

    it('keeps the minute-only label where no two collide', () => {
      const label = auditTimes(en, [first, later]);
      expect(label(first)).toBe(formatTime(en, first));
      expect(label(later)).toBe(formatTime(en, later));
    });
  });
});
