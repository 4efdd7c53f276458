import { Inline, Spinner, Text } from '@forge/react';

export function Loading({ text }: { readonly text: string }) {
  return (
    <Inline space="space.100" alignBlock="center">
      <Spinner size="small" label="Loading" />
      <Text>{text}</Text>
    </Inline>
  );
}
