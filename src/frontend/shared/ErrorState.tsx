import { SectionMessage, Text } from '@forge/react';
import type { ResolverError } from '../../contract/results';

/** One place that turns a typed failure into words a page owner understands. */
export function ErrorState({ error }: { readonly error: ResolverError }) {
  switch (error.code) {
    case 'NOT_VISIBLE':
      return (
        <SectionMessage appearance="warning" title="This page isn't visible to you">
          <Text>
            The page doesn&apos;t exist or you don&apos;t have permission to view it, so Access Lens
            can&apos;t show who has access.
          </Text>
        </SectionMessage>
      );
    case 'RATE_LIMITED':
      return (
        <SectionMessage appearance="warning" title="Confluence is busy">
          <Text>
            {error.retryAfterSeconds === undefined
              ? 'Try again in a moment.'
              : `Try again in ${error.retryAfterSeconds} s.`}
          </Text>
        </SectionMessage>
      );
    case 'FORBIDDEN':
      return (
        <SectionMessage appearance="error" title="Not allowed">
          <Text>{error.message}</Text>
        </SectionMessage>
      );
    case 'BAD_REQUEST':
    case 'UPSTREAM':
      return (
        <SectionMessage appearance="error" title="Access Lens couldn't load">
          <Text>{error.message}</Text>
        </SectionMessage>
      );
  }
}
