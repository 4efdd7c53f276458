import { SectionMessage, Text } from '@forge/react';
import type { PageAccessView } from '../../../contract/results';

/** Warns when the page is more exposed than its labels suggest; silent otherwise. */
export function LabelWarning({ labels }: { readonly labels: PageAccessView['labels'] }) {
  switch (labels.verdict) {
    case 'exposed':
      return (
        <SectionMessage appearance="warning" title="More open than its labels suggest">
          <Text>{labels.message}</Text>
        </SectionMessage>
      );
    case 'unknown':
      return (
        <SectionMessage appearance="information" title="Protection could not be confirmed">
          <Text>{labels.message}</Text>
        </SectionMessage>
      );
    case 'protected':
    case 'not-sensitive':
      return null;
  }
}
