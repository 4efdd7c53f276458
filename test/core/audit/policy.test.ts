import { DEFAULT_POLICY, POLICY_LIMITS, validatePolicy } from '../../../src/core/audit';
import { policyErrorText } from '../../../src/messages/audit';
import { english } from './worded';

/** The problems, with each one's English as the admin page and the CLI show it. */
function errorsOf(input: unknown): readonly { field: string; message: string }[] {
  const result = validatePolicy(input);
  if (result.ok) throw new Error('expected the policy to be refused');
  return result.errors.map((error) => ({
    field: error.field,
    message: policyErrorText(english, error),
  }));
}

describe('defaults', () => {
  it('are the documented ones', () => {
    expect(DEFAULT_POLICY).toEqual({
      version: 0,
      sensitiveLabels: ['confidential', 'secret', 'restricted', 'hr-only'],
      broadGroups: ['confluence-users'],
      broadGroupShare: 0.5,
      allowedAnonymousSpaces: [],
      schedule: 'off',
      pointsBudgetShare: 0.25,
      reconcile: 'weekly',
    });
  });

  it('fill every missing field', () => {
    expect(validatePolicy({})).toEqual({ ok: true, policy: DEFAULT_POLICY });
    expect(validatePolicy({ schedule: 'weekly' })).toEqual({
      ok: true,
      policy: { ...DEFAULT_POLICY, schedule: 'weekly' },
    });
  });

  it('round-trip: a valid policy validates to itself', () => {
    const policy = {
      version: 7,
      sensitiveLabels: ['pii'],
      broadGroups: ['all-staff', 'confluence-users'],
      broadGroupShare: 0.25,
      allowedAnonymousSpaces: ['DOCS', '~alice'],
      schedule: 'daily',
      pointsBudgetShare: 1,
      reconcile: 'monthly',
    };
    expect(validatePolicy(policy)).toEqual({ ok: true, policy });
  });
});

describe('normalisation', () => {
  it('trims, lower-cases and de-duplicates labels and groups, keeping their order', () => {
    const result = validatePolicy({
      sensitiveLabels: [' Secret ', 'hr-only', 'SECRET', 'pay/grades'],
      broadGroups: ['All-Staff', 'all-staff ', 'Confluence-Users'],
    });
    expect(result).toEqual({
      ok: true,
      policy: {
        ...DEFAULT_POLICY,
        sensitiveLabels: ['secret', 'hr-only', 'pay/grades'],
        broadGroups: ['all-staff', 'confluence-users'],
      },
    });
  });

  it('upper-cases global space keys but keeps personal ones as typed', () => {
    const result = validatePolicy({ allowedAnonymousSpaces: [' docs', 'DOCS', '~Alice'] });
    expect(result.ok && result.policy.allowedAnonymousSpaces).toEqual(['DOCS', '~Alice']);
  });

  it('allows empty lists', () => {
    const result = validatePolicy({ sensitiveLabels: [], broadGroups: [] });
    expect(result.ok && [result.policy.sensitiveLabels, result.policy.broadGroups]).toEqual([
      [],
      [],
    ]);
  });
});

describe('errors, one per problem, against its field', () => {
  it('refuses a value that is not an object', () => {
    for (const input of [null, 'x', 3, []]) {
      expect(errorsOf(input)).toEqual([
        { field: 'policy', message: 'The policy must be an object.' },
      ]);
    }
  });

  it('refuses unknown fields by name', () => {
    expect(errorsOf({ sensitiveLabel: ['x'] })).toEqual([
      {
        field: 'sensitiveLabel',
        message: expect.stringContaining('"sensitiveLabel" is not a policy setting'),
      },
    ]);
  });

  it('checks label syntax', () => {
    const errors = errorsOf({
      sensitiveLabels: ['ok', 'two words', 'a:b', 'semi;colon', 'quote"', 7, '   '],
    });
    expect(errors.map((e) => e.field)).toEqual(Array(6).fill('sensitiveLabels'));
    expect(errors.map((e) => e.message)).toEqual([
      expect.stringContaining('The label "two words" is not a valid label'),
      expect.stringContaining('The label "a:b" is not a valid label'),
      expect.stringContaining('The label "semi;colon" is not a valid label'),
      expect.stringContaining('The label "quote\\"" is not a valid label'),
      'Item 6 of sensitive labels must be text.',
      'Item 7 of sensitive labels is empty.',
    ]);
  });

  it('refuses overlong labels and too many of them', () => {
    const long = 'a'.repeat(POLICY_LIMITS.maxLabelLength + 1);
    expect(errorsOf({ sensitiveLabels: [long] })[0]?.message).toContain('is longer than 255');
    const many = Array.from({ length: POLICY_LIMITS.maxSensitiveLabels + 1 }, (_, i) => `l${i}`);
    expect(errorsOf({ sensitiveLabels: many })).toEqual([
      {
        field: 'sensitiveLabels',
        message: 'Sensitive labels can hold at most 50 entries (got 51).',
      },
    ]);
  });

  it('checks lists are lists', () => {
    expect(errorsOf({ broadGroups: 'confluence-users' })).toEqual([
      { field: 'broadGroups', message: 'Broad groups must be a list.' },
    ]);
  });

  it('refuses group entries with control characters', () => {
    expect(errorsOf({ broadGroups: ['bad\u0007'] })[0]?.field).toBe('broadGroups');
  });

  it('checks space keys', () => {
    const errors = errorsOf({ allowedAnonymousSpaces: ['ENG', 'MY SPACE', 'a-b', '~'] });
    expect(errors.map((e) => [e.field, e.message.slice(0, 22)])).toEqual([
      ['allowedAnonymousSpaces', '"MY SPACE" is not a sp'],
      ['allowedAnonymousSpaces', '"A-B" is not a space k'],
      ['allowedAnonymousSpaces', '"~" is not a space key'],
    ]);
  });

  it.each([['hourly'], [''], [1], [null]])('refuses schedule %p', (schedule) => {
    expect(errorsOf({ schedule })).toEqual([
      { field: 'schedule', message: 'The audit schedule must be one of: off, daily, weekly.' },
    ]);
  });

  it.each([[0], [-0.1], [1.01], [Number.NaN], [Number.POSITIVE_INFINITY], ['0.5']])(
    'refuses points budget share %p',
    (pointsBudgetShare) => {
      expect(errorsOf({ pointsBudgetShare }).map((e) => e.field)).toEqual(['pointsBudgetShare']);
    },
  );

  it('accepts a share just above 0 and exactly 1', () => {
    expect(validatePolicy({ pointsBudgetShare: 0.001 }).ok).toBe(true);
    expect(validatePolicy({ pointsBudgetShare: 1 }).ok).toBe(true);
  });

  it.each([[-1], [1.5], ['3'], [Number.MAX_SAFE_INTEGER + 1]])('refuses version %p', (version) => {
    expect(errorsOf({ version })).toEqual([
      { field: 'version', message: 'The version must be a whole number, 0 or more.' },
    ]);
  });

  it('reports every field at once', () => {
    const errors = errorsOf({
      version: -1,
      sensitiveLabels: ['a b'],
      broadGroups: [1],
      allowedAnonymousSpaces: ['x y'],
      schedule: 'never',
      pointsBudgetShare: 2,
      extra: true,
    });
    expect(errors.map((e) => e.field)).toEqual([
      'extra',
      'version',
      'sensitiveLabels',
      'broadGroups',
      'allowedAnonymousSpaces',
      'schedule',
      'pointsBudgetShare',
    ]);
  });
});
