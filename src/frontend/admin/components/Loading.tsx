import { Inline, Spinner, Text } from '@forge/react';
import { useMessages } from '../../shared/messages';

export function Loading({ text }: { readonly text: string }) {
  const m = useMessages();
  return (
    <Inline space="space.100" alignBlock="center">
      <Spinner size="small" label={m.text('admin.loading')} />
      <Text>{text}</Text>
    </Inline>
  );
}
