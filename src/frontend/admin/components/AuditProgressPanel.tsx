import { Button, Heading, ProgressBar, SectionMessage, Stack, Text } from '@forge/react';
import type { Dispatch } from 'react';
import type { AuditProgress } from '../../../contract/admin';
import { POLL_INTERVAL_MS, canCancel } from '../state/auditProgress';
import type { AuditProgressAction, AuditProgressState } from '../state/auditProgress';
import { useMessages } from '../../shared/messages';
import { auditStateText, formatEta, percentDone } from '../wording';

/** Live progress of a queued or running audit, with Cancel. */
export function AuditProgressPanel({
  audit,
  state,
  dispatch,
}: {
  readonly audit: AuditProgress;
  readonly state: AuditProgressState;
  readonly dispatch: Dispatch<AuditProgressAction>;
}) {
  const m = useMessages();
  const { title, text } = auditStateText(m, audit);
  const counted = audit.spacesTotal > 0;
  const percent = percentDone(audit.spacesDone, audit.spacesTotal);
  return (
    <Stack space="space.150">
      <Heading size="small">
        {state.cancelling ? m.text('admin.progress.cancellingTitle') : title}
      </Heading>
      <ProgressBar
        ariaLabel={m.text('admin.progress.label')}
        value={counted ? audit.spacesDone / audit.spacesTotal : 0}
        isIndeterminate={!counted}
      />
      <Text>
        {counted
          ? m.text('admin.progress.checked', {
              checked: m.count('admin.state.checked', audit.spacesTotal, {
                done: audit.spacesDone,
              }),
              percent,
            })
          : m.text('admin.progress.counting')}
      </Text>
      <Text>
        {m.text('admin.progress.points', { used: audit.pointsUsed, budget: audit.pointsBudget })}
      </Text>
      {audit.etaSeconds !== undefined && <Text>{formatEta(m, audit.etaSeconds)}</Text>}
      {state.cancelling ? <Text>{m.text('admin.progress.cancelling')}</Text> : <Text>{text}</Text>}
      {/* Polls are spaced out to save points (state/auditProgress.ts): say how fresh this is. */}
      {state.failedCall !== 'poll' &&
        state.pollDelayMs > POLL_INTERVAL_MS &&
        state.asOf !== undefined && (
          <Text size="small">
            {m.count('admin.progress.nextUpdate', Math.ceil(state.pollDelayMs / 1000), {
              time: m.dateTime(state.asOf),
            })}
          </Text>
        )}
      {state.failedCall === 'poll' && state.error !== undefined && (
        <SectionMessage appearance="warning" title={m.text('admin.progress.pollFailed.title')}>
          <Text>
            {m.text('admin.progress.pollFailed.text', {
              reason: state.error.message,
              seconds: Math.ceil(state.pollDelayMs / 1000),
            })}
          </Text>
        </SectionMessage>
      )}
      <Button
        appearance="default"
        isDisabled={!canCancel(state)}
        onClick={() => {
          dispatch({ type: 'cancel-requested' });
        }}
      >
        {state.cancelling
          ? m.text('admin.progress.cancellingButton')
          : m.text('admin.progress.cancel')}
      </Button>
    </Stack>
  );
}
