import { principalOf } from '../../src/access/to-model';

const row = (type: string, id: string) => ({
  principal: { type, id },
  operation: { key: 'read', targetType: 'space' },
});

describe('principalOf (space permission rows → engine principals)', () => {
  it('reads users, groups and anonymous by id whatever its type', () => {
    expect(principalOf(row('user', 'u-1'))).toEqual({ kind: 'user', accountId: 'u-1' });
    expect(principalOf(row('group', 'g-1'))).toEqual({ kind: 'group', groupId: 'g-1' });
    expect(principalOf(row('role', 'ANONYMOUS'))).toEqual({ kind: 'anonymous' });
  });

  it('reads a row naming an access class (derived from a role) as that class', () => {
    expect(principalOf(row('role', 'all-licensed-users'))).toEqual({
      kind: 'access-class',
      accessClass: 'all-licensed-users',
    });
    expect(principalOf(row('role', 'AUTHENTICATED_USERS'))).toEqual({
      kind: 'access-class',
      accessClass: 'authenticated-users',
    });
  });

  it('keeps anything else as an unrecognised principal, never drops it', () => {
    expect(principalOf(row('role', 'SOMETHING_NEW'))).toEqual({
      kind: 'other',
      type: 'role',
      id: 'SOMETHING_NEW',
    });
  });
});
