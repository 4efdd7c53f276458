/** Exceptions in the core: validation, expiry through the last day, partitioning by fingerprint. */
import {
  DAY_MS,
  exceptionProblems,
  isExceptionActive,
  parseFindingId,
  partitionFindings,
} from '../../../src/core';
import type { Finding, FindingException } from '../../../src/core';

const NOW = Date.parse('2026-12-02T14:05:00Z');
const ID = 'anonymous-space-access|PUBLIC||anonymous';

const exception = (expiresOn: string, findingId = ID): FindingException => ({
  findingId,
  rule: 'anonymous-space-access',
  spaceKey: 'PUBLIC',
  reason: 'Public docs',
  ownerAccountId: 'u-carol',
  expiresOn,
  acceptedAt: '2026-12-01T00:00:00.000Z',
  acceptedBy: 'u-alice',
});

describe('exceptions', () => {
  it('names every problem at once', () => {
    expect(
      exceptionProblems({ findingId: 'x', reason: ' ', expiresOn: '2026-13-01' }, NOW),
    ).toEqual(['finding-id-invalid', 'reason-missing', 'expiry-invalid']);
    expect(
      exceptionProblems({ findingId: ID, reason: 'ok', expiresOn: '2026-12-01' }, NOW),
    ).toEqual(['expiry-past']);
    expect(
      exceptionProblems({ findingId: ID, reason: 'ok', expiresOn: '2027-12-03' }, NOW),
    ).toEqual(['expiry-too-far']);
    expect(
      exceptionProblems({ findingId: ID, reason: 'ok', expiresOn: '2027-12-02' }, NOW),
    ).toEqual([]);
    expect(
      exceptionProblems({ findingId: ID, reason: 'ok', expiresOn: '2026-12-02' }, NOW),
    ).toEqual([]);
  });

  it('holds through its expiry day (UTC) and not a moment after', () => {
    const e = exception('2026-12-02');
    expect(isExceptionActive(e, Date.parse('2026-12-02T23:59:59.999Z'))).toBe(true);
    expect(isExceptionActive(e, Date.parse('2026-12-03T00:00:00.000Z'))).toBe(false);
  });

  it('parses the rule and space of a fingerprint, escapes included', () => {
    expect(parseFindingId(ID)).toEqual({ rule: 'anonymous-space-access', spaceKey: 'PUBLIC' });
    expect(parseFindingId('user-grants|A%7CB%25||user:u-1')).toEqual({
      rule: 'user-grants',
      spaceKey: 'A|B%',
    });
    expect(parseFindingId('user-grants|ENG|')).toBeUndefined();
    expect(parseFindingId('made-up|ENG||x')).toBeUndefined();
  });

  it('sets findings with an active exception apart, keeping the order of the rest', () => {
    const finding = (id: string): Finding => ({
      id,
      rule: 'user-grants',
      severity: 'low',
      spaceKey: 'ENG',
    });
    const findings = [finding('a'), finding(ID), finding('b'), finding('c')];
    const split = partitionFindings(
      findings,
      [exception('2026-12-31'), exception('2026-11-30', 'c')],
      NOW,
    );
    expect(split.open.map((f) => f.id)).toEqual(['a', 'b', 'c']);
    expect(split.excepted.map((e) => e.finding.id)).toEqual([ID]);
    expect(partitionFindings(findings, [exception('2026-12-31')], NOW + 30 * DAY_MS).open).toEqual(
      findings,
    );
  });
});
