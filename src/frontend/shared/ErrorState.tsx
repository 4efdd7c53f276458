import { Button, SectionMessage, Stack, Text } from '@forge/react';
import type { ResolverError } from '../../contract/results';

/** What the failed call was about, so "not visible" names the right thing. */
export type ErrorTopic = 'page' | 'group' | 'person' | 'audit';

const NOT_VISIBLE: Readonly<Record<ErrorTopic, { title: string; text: string }>> = {
  page: {
    title: "This page isn't visible to you",
    text: "The page doesn't exist or you don't have permission to view it, so Access Lens can't show who has access.",
  },
  group: {
    title: "This group's members aren't visible to you",
    text: "The group doesn't exist or you don't have permission to see who is in it.",
  },
  person: {
    title: "This person can't be checked",
    text: "The person doesn't exist or you don't have permission to see their access.",
  },
  audit: {
    title: "This audit isn't available",
    text: 'Access Lens keeps only the most recent audits, so this one may have been removed from the history.',
  },
};

export function retryText(error: ResolverError): string {
  return error.retryAfterSeconds === undefined
    ? 'Try again in a moment.'
    : `Try again in ${error.retryAfterSeconds} s.`;
}

/** One place that turns a typed failure into words a page owner understands. */
export function ErrorState({
  error,
  about = 'page',
  title,
  onRetry,
}: {
  readonly error: ResolverError;
  readonly about?: ErrorTopic;
  /**
   * What didn't happen ("The audit didn't start"), for failures of an action rather than of
   * loading; replaces the default title of every failure but "not visible".
   */
  readonly title?: string;
  /** Offered for failures that may pass (busy, upstream failure). */
  readonly onRetry?: () => void;
}) {
  const retry =
    onRetry === undefined ? null : (
      <Button appearance="default" onClick={onRetry}>
        Try again
      </Button>
    );
  switch (error.code) {
    case 'NOT_VISIBLE':
      return (
        <SectionMessage appearance="warning" title={NOT_VISIBLE[about].title}>
          <Text>{NOT_VISIBLE[about].text}</Text>
        </SectionMessage>
      );
    case 'RATE_LIMITED':
      return (
        <SectionMessage appearance="warning" title={title ?? 'Confluence is busy'}>
          <Stack space="space.100">
            <Text>Confluence asked Access Lens to slow down. {retryText(error)}</Text>
            {retry}
          </Stack>
        </SectionMessage>
      );
    case 'FORBIDDEN':
      return (
        <SectionMessage appearance="error" title={title ?? 'Not allowed'}>
          <Text>{error.message}</Text>
        </SectionMessage>
      );
    case 'BAD_REQUEST':
      return (
        <SectionMessage appearance="error" title={title ?? "Access Lens couldn't load"}>
          <Text>{error.message}</Text>
        </SectionMessage>
      );
    case 'UPSTREAM':
      return (
        <SectionMessage appearance="error" title={title ?? "Access Lens couldn't load"}>
          <Stack space="space.100">
            <Text>{error.message}</Text>
            {retry}
          </Stack>
        </SectionMessage>
      );
  }
}
