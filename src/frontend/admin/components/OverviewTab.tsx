import {
  Button,
  EmptyState,
  Heading,
  Inline,
  ProgressBar,
  SectionMessage,
  Stack,
  Text,
  User,
} from '@forge/react';
import type { Dispatch } from 'react';
import type { AuditProgress, AuditState } from '../../../contract/admin';
import { ErrorState } from '../../shared/ErrorState';
import { canStart } from '../state/auditProgress';
import type { AuditProgressAction, AuditProgressState } from '../state/auditProgress';
import { auditStateText, formatCount, formatTime, isActive, percentDone, plural } from '../wording';
import { AuditProgressPanel } from './AuditProgressPanel';
import { AuditSummary } from './AuditSummary';
import { Loading } from './Loading';

type FinishedState = Exclude<AuditState, 'queued' | 'running'>;

const OUTCOME_APPEARANCE: Readonly<
  Record<FinishedState, 'success' | 'warning' | 'information' | 'error'>
> = {
  completed: 'success',
  partial: 'warning',
  cancelled: 'information',
  failed: 'error',
};

/** The latest audit: empty state, live progress, or its outcome and summary. */
export function OverviewTab({
  state,
  dispatch,
}: {
  readonly state: AuditProgressState;
  readonly dispatch: Dispatch<AuditProgressAction>;
}) {
  const start = () => {
    dispatch({ type: 'start-requested' });
  };
  if (state.status === 'loading') return <Loading text="Loading the latest audit…" />;
  if (state.status === 'failed' && state.error !== undefined) {
    return (
      <ErrorState
        error={state.error}
        about="audit"
        onRetry={() => {
          dispatch({ type: 'retried' });
        }}
      />
    );
  }
  const audit = state.audit;
  const actionError = <ActionError state={state} onRetry={start} />;
  if (audit === null) {
    return (
      <Stack space="space.200">
        <EmptyState
          header="No audit yet"
          description="An audit reads the permissions of every space and the restrictions of pages with sensitive labels, then lists what needs attention: spaces open to anonymous visitors, broad groups with space admin, sensitive pages anyone in the space can read, guests and personal grants. It runs in the background within the points budget set on the Policies tab."
          primaryAction={
            <Button appearance="primary" isDisabled={!canStart(state)} onClick={start}>
              Run your first audit
            </Button>
          }
        />
        {state.pending?.kind === 'start' && <Loading text="Starting the audit…" />}
        {actionError}
      </Stack>
    );
  }
  return (
    <Stack space="space.300">
      <AuditTimes audit={audit} />
      {isActive(audit.state) ? (
        <AuditProgressPanel audit={audit} state={state} dispatch={dispatch} />
      ) : (
        <Outcome audit={audit} />
      )}
      {actionError}
      {!isActive(audit.state) && (
        <Inline space="space.100" alignBlock="center">
          <Button appearance="primary" isDisabled={!canStart(state)} onClick={start}>
            Run audit now
          </Button>
          {state.pending?.kind === 'start' && <Loading text="Starting the audit…" />}
        </Inline>
      )}
      {audit.summary !== undefined && !isActive(audit.state) && (
        <AuditSummary summary={audit.summary} />
      )}
      {audit.summary === undefined && audit.state === 'completed' && (
        <Text>The findings of this audit are on the Findings tab.</Text>
      )}
    </Stack>
  );
}

function AuditTimes({ audit }: { readonly audit: AuditProgress }) {
  return (
    <Stack space="space.050">
      <Heading size="small">Latest audit</Heading>
      <Inline space="space.050" alignBlock="center">
        <Text>{`Started ${formatTime(audit.startedAt)}`}</Text>
        {audit.startedBy === 'schedule' ? (
          <Text>by the schedule</Text>
        ) : (
          <>
            <Text>by</Text>
            <User accountId={audit.startedBy} />
          </>
        )}
      </Inline>
      {audit.finishedAt !== undefined && <Text>{`Finished ${formatTime(audit.finishedAt)}`}</Text>}
    </Stack>
  );
}

/** How far the audit got (a full bar only when every space was checked), and what that means. */
function Outcome({ audit }: { readonly audit: AuditProgress }) {
  if (isActive(audit.state)) return null;
  const { title, text } = auditStateText(audit);
  const total = audit.spacesTotal;
  return (
    <Stack space="space.100">
      <ProgressBar
        ariaLabel="Spaces checked"
        appearance={audit.state === 'completed' ? 'success' : 'default'}
        value={total > 0 ? audit.spacesDone / total : 0}
      />
      <Text>
        {`${formatCount(audit.spacesDone)} of ${plural(total, 'space', 'spaces')} checked (${percentDone(audit.spacesDone, total)}%), ${formatCount(audit.pointsUsed)} rate-limit points used`}
      </Text>
      <SectionMessage appearance={OUTCOME_APPEARANCE[audit.state as FinishedState]} title={title}>
        <Text>{text}</Text>
      </SectionMessage>
    </Stack>
  );
}

/** A start or cancel that didn't go through; the audit on screen is unchanged. */
function ActionError({
  state,
  onRetry,
}: {
  readonly state: AuditProgressState;
  readonly onRetry: () => void;
}) {
  if (state.error === undefined || state.status !== 'ready') return null;
  if (state.failedCall !== 'start' && state.failedCall !== 'cancel') return null;
  return state.failedCall === 'start' ? (
    <ErrorState
      error={state.error}
      about="audit"
      title="The audit didn't start"
      onRetry={onRetry}
    />
  ) : (
    <ErrorState
      error={state.error}
      about="audit"
      title="The audit wasn't cancelled and is still running"
    />
  );
}
