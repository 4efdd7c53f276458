import { Button, SectionMessage, Stack, Text } from '@forge/react';
import type { ResolverError } from '../../contract/results';
import type { Messages } from '../../messages/format';
import { useMessages } from './messages';

/** What the failed call was about, so "not visible" names the right thing. */
export type ErrorTopic = 'page' | 'group' | 'person' | 'audit';

export function retryText(m: Messages, error: ResolverError): string {
  return error.retryAfterSeconds === undefined
    ? m.text('common.error.retrySoon')
    : m.text('common.error.retryIn', { seconds: error.retryAfterSeconds });
}

/**
 * One place that turns a typed failure into words a page owner understands, chosen by its code
 * (keys `common.error.*`). A refusal, a bad request and an upstream failure show the resolver's
 * message, which it words from the same catalogue in the view's language.
 */
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
  const m = useMessages();
  const retry =
    onRetry === undefined ? null : (
      <Button appearance="default" onClick={onRetry}>
        {m.text('common.error.tryAgain')}
      </Button>
    );
  switch (error.code) {
    case 'NOT_VISIBLE':
      return (
        <SectionMessage
          appearance="warning"
          title={m.text(`common.error.notVisible.${about}.title`)}
        >
          <Text>{m.text(`common.error.notVisible.${about}.text`)}</Text>
        </SectionMessage>
      );
    case 'RATE_LIMITED':
      return (
        <SectionMessage appearance="warning" title={title ?? m.text('common.error.busy.title')}>
          <Stack space="space.100">
            <Text>{m.text('common.error.busy.text', { retry: retryText(m, error) })}</Text>
            {retry}
          </Stack>
        </SectionMessage>
      );
    case 'FORBIDDEN':
      return (
        <SectionMessage appearance="error" title={title ?? m.text('common.error.forbidden.title')}>
          <Text>{error.message}</Text>
        </SectionMessage>
      );
    case 'BAD_REQUEST':
      return (
        <SectionMessage appearance="error" title={title ?? m.text('common.error.failed.title')}>
          <Text>{error.message}</Text>
        </SectionMessage>
      );
    case 'UPSTREAM':
      return (
        <SectionMessage appearance="error" title={title ?? m.text('common.error.failed.title')}>
          <Stack space="space.100">
            <Text>{error.message}</Text>
            {retry}
          </Stack>
        </SectionMessage>
      );
  }
}
