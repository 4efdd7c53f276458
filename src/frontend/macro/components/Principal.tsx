import { Inline, Lozenge, Text, User } from '@forge/react';
import type { AudienceMember } from '../../../core';
import { audienceName, rolesText } from '../wording';
import { GroupEntry } from './GroupEntry';

/** One entry of an access list: a person, a group (expandable), or a whole audience. */
export function Principal({ member }: { readonly member: AudienceMember }) {
  const { principal } = member;
  const roles = rolesText(member.via);
  const who = (() => {
    switch (principal.kind) {
      case 'user':
        return <User accountId={principal.accountId} />;
      case 'group':
        return <GroupEntry group={principal} />;
      case 'anonymous':
        return <Lozenge appearance="removed">{audienceName(principal)}</Lozenge>;
      case 'access-class':
        return <Lozenge appearance="moved">{audienceName(principal)}</Lozenge>;
      case 'team':
        return <Lozenge appearance="new">{audienceName(principal)}</Lozenge>;
      case 'other':
        return <Text>{audienceName(principal)}</Text>;
    }
  })();
  if (roles === '') return who;
  return (
    <Inline space="space.100" alignBlock="center">
      {who}
      <Text size="small">{roles}</Text>
    </Inline>
  );
}
