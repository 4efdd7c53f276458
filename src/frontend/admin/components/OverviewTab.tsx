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
import type { AuditCarried, AuditProgress, AuditState } from '../../../contract/admin';
import { ErrorState } from '../../shared/ErrorState';
import { useMessages } from '../../shared/messages';
import { auditSkippedText, coverageLines } from '../../../messages/audit';
import type { Messages } from '../../../messages/format';
import { canStart } from '../state/auditProgress';
import type { AuditProgressAction, AuditProgressState } from '../state/auditProgress';
import { auditStateText, formatTime, isActive, percentDone } from '../wording';
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
  const m = useMessages();
  const start = () => {
    dispatch({ type: 'start-requested' });
  };
  if (state.status === 'loading') return <Loading text={m.text('admin.overview.loading')} />;
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
          header={m.text('admin.overview.empty.title')}
          description={m.text('admin.overview.empty.text')}
          primaryAction={
            <Button appearance="primary" isDisabled={!canStart(state)} onClick={start}>
              {m.text('admin.overview.runFirst')}
            </Button>
          }
        />
        {state.pending?.kind === 'start' && <Loading text={m.text('admin.overview.starting')} />}
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
      {!isActive(audit.state) && audit.carried !== undefined && (
        <CarriedNote carried={audit.carried} />
      )}
      {actionError}
      {!isActive(audit.state) && (
        <Inline space="space.100" alignBlock="center">
          <Button appearance="primary" isDisabled={!canStart(state)} onClick={start}>
            {m.text('admin.overview.runNow')}
          </Button>
          {state.pending?.kind === 'start' && <Loading text={m.text('admin.overview.starting')} />}
        </Inline>
      )}
      {audit.summary !== undefined && !isActive(audit.state) && (
        <AuditSummary summary={audit.summary} />
      )}
      {audit.summary === undefined && audit.state === 'completed' && (
        <Text>{m.text('admin.overview.findingsElsewhere')}</Text>
      )}
    </Stack>
  );
}

function AuditTimes({ audit }: { readonly audit: AuditProgress }) {
  const m = useMessages();
  return (
    <Stack space="space.050">
      <Heading size="small">{m.text('admin.overview.latest')}</Heading>
      <Inline space="space.050" alignBlock="center">
        <Text>{m.text('admin.overview.started', { time: formatTime(m, audit.startedAt) })}</Text>
        {audit.startedBy === 'schedule' ? (
          <Text>{m.text('admin.overview.bySchedule')}</Text>
        ) : (
          <>
            <Text>{m.text('admin.overview.by')}</Text>
            <User accountId={audit.startedBy} />
          </>
        )}
      </Inline>
      {audit.finishedAt !== undefined && (
        <Text>{m.text('admin.overview.finished', { time: formatTime(m, audit.finishedAt) })}</Text>
      )}
    </Stack>
  );
}

/** How far the audit got (a full bar only when every space was checked), and what that means. */
function Outcome({ audit }: { readonly audit: AuditProgress }) {
  const m = useMessages();
  if (isActive(audit.state)) return null;
  const { title, text } = auditStateText(m, audit);
  const total = audit.spacesTotal;
  const lines = outcomeLines(m, audit, text);
  return (
    <Stack space="space.100">
      <ProgressBar
        ariaLabel={m.text('admin.overview.spacesChecked')}
        appearance={audit.state === 'completed' ? 'success' : 'default'}
        value={total > 0 ? audit.spacesDone / total : 0}
      />
      <Text>
        {m.text('admin.overview.outcome', {
          checked: m.count('admin.state.checked', total, { done: audit.spacesDone }),
          percent: percentDone(audit.spacesDone, total),
          points: audit.pointsUsed,
        })}
      </Text>
      <SectionMessage appearance={OUTCOME_APPEARANCE[audit.state as FinishedState]} title={title}>
        <Stack space="space.050">
          {lines.map((line, index) => (
            <Text key={index}>{line}</Text>
          ))}
        </Stack>
      </SectionMessage>
    </Stack>
  );
}

/**
 * What an ended audit means for its findings. With its measured coverage, a complete audit says
 * what it read, what it could not read and what it cannot know exists (with how to close that
 * gap) rather than claiming every space was checked; one that stopped early adds the same to why
 * it stopped. Audits recorded before coverage was measured keep their state's sentence.
 */
function outcomeLines(m: Messages, audit: AuditProgress, stateText: string): string[] {
  const coverage = audit.coverage;
  if (coverage === undefined) return [stateText];
  if (audit.state !== 'completed') return [stateText, ...coverageLines(m, coverage)];
  const skipped = auditSkippedText(m, audit);
  return [...coverageLines(m, coverage), ...(skipped === undefined ? [] : [skipped])];
}

/**
 * An incremental audit's spaces carried forward unread, and when the full check that reads them
 * all again is due (docs/ARCHITECTURE.md, "Re-audits").
 */
function CarriedNote({ carried }: { readonly carried: AuditCarried }) {
  const m = useMessages();
  return (
    <SectionMessage appearance="information">
      <Stack space="space.050">
        <Text>
          {m.count('admin.overview.carried', carried.spaces, {
            since: formatTime(m, carried.since),
          })}
        </Text>
        {carried.nextFullAt !== undefined && (
          <Text>
            {m.text('admin.overview.nextFull', { due: formatTime(m, carried.nextFullAt) })}
          </Text>
        )}
      </Stack>
    </SectionMessage>
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
  const m = useMessages();
  if (state.error === undefined || state.status !== 'ready') return null;
  if (state.failedCall !== 'start' && state.failedCall !== 'cancel') return null;
  return state.failedCall === 'start' ? (
    <ErrorState
      error={state.error}
      about="audit"
      title={m.text('admin.overview.notStarted')}
      onRetry={onRetry}
    />
  ) : (
    <ErrorState error={state.error} about="audit" title={m.text('admin.overview.notCancelled')} />
  );
}
