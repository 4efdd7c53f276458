import { Heading, Inline, SectionMessage, Stack, Text } from '@forge/react';
import type { CheckAccessView } from '../../../contract/results';
import { subjectLabel } from '../../../messages/access';
import { joinAnd } from '../../../messages/lists';
import { fixLine, groupMembersLines, verdictLine } from '../../../messages/verdict';
import { useMessages } from '../../shared/messages';
import { DecisionView } from './DecisionView';
import { Markers } from './Markers';

/** The answer for one person: view and edit with every layer, and Confluence's own check. */
export function CheckResult({ result }: { readonly result: CheckAccessView }) {
  const m = useMessages();
  const { confluence } = result;
  const who = subjectLabel(m, result.subject);
  const context = {
    subject: result.subject,
    space: result.page.space,
    contentType: result.page.contentType,
  };
  const disagreesOn = confluence?.disagreesOn ?? [];
  return (
    <Stack space="space.200">
      <Inline space="space.100" alignBlock="center" shouldWrap>
        <Heading size="small">{who}</Heading>
        <Markers markers={result.markers ?? []} />
      </Inline>
      {(['view', 'edit'] as const).map((action) => {
        const fix = fixLine(m, result[action], context);
        return (
          <Stack key={action} space="space.050">
            <Text>{verdictLine(m, action, result[action], context)}</Text>
            {fix === undefined ? null : <Text>{fix}</Text>}
          </Stack>
        );
      })}
      {result.members !== undefined && result.subject.kind === 'group' && (
        <Stack space="space.050">
          {groupMembersLines(m, result.members, {
            name: result.subject.name ?? result.subject.groupId,
            viewAllowed: result.view.allowed,
          }).map((line) => (
            <Text key={line}>{line}</Text>
          ))}
        </Stack>
      )}
      {disagreesOn.length > 0 && (
        <SectionMessage appearance="warning" title={m.text('macro.disagreement.title')}>
          <Text>
            {m.text('macro.disagreement.text', {
              who,
              actions: joinAnd(
                m,
                disagreesOn.map((action) => m.text(`macro.disagreement.action.${action}`)),
              ),
            })}
          </Text>
        </SectionMessage>
      )}
      <DecisionView
        action="view"
        decision={result.view}
        context={context}
        confluence={confluence?.view}
      />
      <DecisionView
        action="edit"
        decision={result.edit}
        context={context}
        confluence={confluence?.edit}
      />
    </Stack>
  );
}
