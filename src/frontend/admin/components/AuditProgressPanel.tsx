import { Button, Heading, ProgressBar, SectionMessage, Stack, Text } from '@forge/react';
import type { Dispatch } from 'react';
import type { AuditProgress } from '../../../contract/admin';
import { canCancel } from '../state/auditProgress';
import type { AuditProgressAction, AuditProgressState } from '../state/auditProgress';
import { auditStateText, formatCount, formatEta, percentDone, plural } from '../wording';

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
  const { title, text } = auditStateText(audit);
  const counted = audit.spacesTotal > 0;
  const percent = percentDone(audit.spacesDone, audit.spacesTotal);
  return (
    <Stack space="space.150">
      <Heading size="small">{state.cancelling ? 'Cancelling the audit…' : title}</Heading>
      <ProgressBar
        ariaLabel="Audit progress"
        value={counted ? audit.spacesDone / audit.spacesTotal : 0}
        isIndeterminate={!counted}
      />
      <Text>
        {counted
          ? `${formatCount(audit.spacesDone)} of ${plural(audit.spacesTotal, 'space', 'spaces')} checked (${percent}%)`
          : 'Counting spaces…'}
      </Text>
      <Text>
        {`${formatCount(audit.pointsUsed)} of ${formatCount(audit.pointsBudget)} rate-limit points used`}
      </Text>
      {audit.etaSeconds !== undefined && <Text>{formatEta(audit.etaSeconds)}</Text>}
      {state.cancelling ? (
        <Text>Access Lens stops the audit after the spaces it is reading now.</Text>
      ) : (
        <Text>{text}</Text>
      )}
      {state.failedCall === 'poll' && state.error !== undefined && (
        <SectionMessage appearance="warning" title="Progress couldn't be refreshed">
          <Text>
            {`${state.error.message} Access Lens tries again in ${formatCount(Math.ceil(state.pollDelayMs / 1000))} s; the audit itself carries on.`}
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
        {state.cancelling ? 'Cancelling…' : 'Cancel audit'}
      </Button>
    </Stack>
  );
}
