import { SectionMessage, Text } from '@forge/react';
import type { PageAccessView } from '../../../contract/results';
import { labelExposureText } from '../../../messages/access';
import { useMessages } from '../../shared/messages';

/** Warns when the page is more exposed than its labels suggest; silent otherwise. */
export function LabelWarning({ labels }: { readonly labels: PageAccessView['labels'] }) {
  const m = useMessages();
  switch (labels.verdict) {
    case 'exposed':
      return (
        <SectionMessage appearance="warning" title={m.text('macro.labels.exposed.title')}>
          <Text>{labelExposureText(m, labels)}</Text>
        </SectionMessage>
      );
    case 'unknown':
      return (
        <SectionMessage appearance="information" title={m.text('macro.labels.unknown.title')}>
          <Text>{labelExposureText(m, labels)}</Text>
        </SectionMessage>
      );
    case 'protected':
    case 'not-sensitive':
      return null;
  }
}
