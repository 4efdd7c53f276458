import { Inline, Text, User } from '@forge/react';
import type { AudienceMember } from '../../../core';
import { principalName } from '../../../messages/access';
import { useMessages } from '../../shared/messages';
import { rolesText } from '../wording';
import { GroupEntry } from './GroupEntry';
import { Markers } from './Markers';

/**
 * One entry of an access list: a person (with their markers, once checked), a group (expandable),
 * or a whole audience.
 */
export function Principal({ member }: { readonly member: AudienceMember }) {
  const m = useMessages();
  const { principal } = member;
  const roles = rolesText(m, member.via);
  const name = principalName(m, principal, 'entry');
  const who = (() => {
    switch (principal.kind) {
      case 'user':
        return member.markers === undefined || member.markers.length === 0 ? (
          <User accountId={principal.accountId} />
        ) : (
          <Inline space="space.100" alignBlock="center" shouldWrap>
            <User accountId={principal.accountId} />
            <Markers markers={member.markers} />
          </Inline>
        );
      case 'group':
        return <GroupEntry group={principal} />;
      // Sentences, not tags: a lozenge cuts its text short in a narrow macro.
      case 'anonymous':
      case 'access-class':
      case 'team':
        return <Text weight="medium">{name}</Text>;
      case 'other':
        return <Text>{name}</Text>;
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
