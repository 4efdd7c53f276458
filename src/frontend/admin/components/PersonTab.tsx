import {
  Button,
  Heading,
  Inline,
  Link,
  Lozenge,
  ProgressBar,
  SectionMessage,
  Stack,
  Text,
  UserPicker,
  useProductContext,
} from '@forge/react';
import type { UserPickerValue } from '@forge/react';
import type { PersonAnswerView, PersonCheckView } from '../../../contract/person';
import type { Verdict } from '../../../core';
import type { Messages } from '../../../messages/format';
import { fixPath, siteRoot } from '../../../messages/links';
import { footprintText, spaceLine, standingWord } from '../../../messages/person-reach';
import { layerReason } from '../../../messages/access';
import { joinComma } from '../../../messages/lists';
import { ErrorState } from '../../shared/ErrorState';
import { useMessages } from '../../shared/messages';
import { usePersonReach } from '../hooks/usePersonReach';
import { progressShare } from '../state/personReach';
import type { PersonReachAction, PersonReachState } from '../state/personReach';
import { FileReady } from './FileReady';
import { Loading } from './Loading';

/**
 * "What can this person see?" for an admin: pick a person, check, follow the job's progress, then
 * per space how they get in, the pages that differ, their personal footprint with where each
 * entry is removed, and what the answer covers; exports as `access-lens person` prints them.
 */
export function PersonTab() {
  const m = useMessages();
  const [state, dispatch] = usePersonReach();
  return (
    <Stack space="space.200">
      <Text>{m.text('admin.person.intro')}</Text>
      <UserPicker
        label={m.text('admin.person.pick')}
        name="person-reach"
        placeholder={m.text('admin.person.search')}
        onChange={(user: UserPickerValue | undefined) => {
          if (user !== undefined && user.id !== '') {
            dispatch({ type: 'picked', accountId: user.id, label: user.name || user.id });
          } else {
            dispatch({ type: 'cleared' });
          }
        }}
      />
      <PersonBody state={state} dispatch={dispatch} />
    </Stack>
  );
}

function PersonBody({
  state,
  dispatch,
}: {
  readonly state: PersonReachState;
  readonly dispatch: (action: PersonReachAction) => void;
}) {
  const m = useMessages();
  if (state.person === undefined) return <Text>{m.text('admin.person.nobody')}</Text>;
  const check = (refresh: boolean) => () => {
    dispatch({ type: 'check', refresh });
  };
  const view = state.view;
  const error = state.error && (
    <ErrorState
      error={state.error}
      about="person"
      title={m.text('admin.person.failed')}
      onRetry={check(false)}
    />
  );
  if (view === undefined) return error ?? <Loading text={m.text('admin.person.loading')} />;
  const status = view.check?.state;
  const busy = state.pending !== undefined;
  return (
    <Stack space="space.200">
      {error}
      {(status === undefined || (status !== 'queued' && status !== 'running')) && (
        <Inline space="space.100" alignBlock="center">
          <Button appearance="primary" isDisabled={busy} onClick={check(view.answer !== undefined)}>
            {view.answer === undefined
              ? m.text('admin.person.check')
              : m.text('admin.person.again')}
          </Button>
          {view.check === null && (
            <Text>{m.text('admin.person.never', { name: state.person.label })}</Text>
          )}
        </Inline>
      )}
      {(status === 'queued' || status === 'running') && <Running view={view} />}
      {status === 'failed' && (
        <SectionMessage appearance="error" title={m.text('admin.person.jobFailed')}>
          <Text>{m.text('admin.person.jobFailedText')}</Text>
        </SectionMessage>
      )}
      {view.answer !== undefined && view.check?.finishedAt !== undefined && (
        <Text>
          {m.text(view.fresh ? 'admin.person.asOf' : 'admin.person.asOfOld', {
            date: m.dateTime(view.check.finishedAt),
          })}
        </Text>
      )}
      {view.answer !== undefined && (
        <Answer answer={view.answer} state={state} dispatch={dispatch} />
      )}
    </Stack>
  );
}

function Running({ view }: { readonly view: PersonCheckView }) {
  const m = useMessages();
  const total = view.check?.spacesTotal;
  return (
    <Stack space="space.100">
      <ProgressBar value={progressShare(view)} ariaLabel={m.text('admin.person.progressLabel')} />
      <Text>
        {total === undefined
          ? m.text('admin.person.planning')
          : m.text('admin.person.progress', {
              done: String(view.check?.spacesDone ?? 0),
              total: String(total),
            })}
      </Text>
    </Stack>
  );
}

function Answer({
  answer,
  state,
  dispatch,
}: {
  readonly answer: PersonAnswerView;
  readonly state: PersonReachState;
  readonly dispatch: (action: PersonReachAction) => void;
}) {
  const m = useMessages();
  const context = useProductContext();
  const root = context?.siteUrl === undefined ? '' : (siteRoot(context.siteUrl) ?? '');
  const verdict = (v: Verdict) => m.text(`cli.person.verdict.${v}`);
  const { subject } = answer;
  const { standing } = subject;
  const subjectRef = {
    kind: 'user' as const,
    accountId: subject.accountId,
    ...(subject.displayName === undefined ? {} : { displayName: subject.displayName }),
  };
  return (
    <Stack space="space.200">
      <Inline space="space.100" alignBlock="center">
        <Heading size="small">{subject.displayName ?? subject.accountId}</Heading>
        {standing !== undefined && standing !== 'active' && (
          <Lozenge appearance={standing === 'guest' ? 'moved' : 'removed'}>
            {standingWord(m, standing)}
          </Lozenge>
        )}
      </Inline>
      <Heading size="xsmall">{m.text('cli.person.spaces.heading')}</Heading>
      {answer.spaces.length === 0 && <Text>{m.text('admin.person.noSpaces')}</Text>}
      {answer.spaces.map((space) => (
        <Text key={space.key}>{spaceLine(m, space)}</Text>
      ))}
      {answer.coverage.spaces > answer.spaces.length && (
        <Text>
          {m.text('admin.person.more', {
            shown: String(answer.spaces.length),
            total: String(answer.coverage.spaces),
          })}
        </Text>
      )}
      <Heading size="xsmall">{m.text('cli.person.pages.heading')}</Heading>
      {answer.pages.length === 0 && <Text>{m.text('admin.person.noPages')}</Text>}
      {answer.pages.map((page) => (
        <Stack key={page.id} space="space.050">
          <Text>
            {m.text('cli.person.page.line', {
              spaceKey: page.spaceKey,
              id: page.id,
              title: page.title ?? '',
              view: verdict(page.view),
              edit: verdict(page.edit),
            })}
          </Text>
          {page.reasons.map((layer, index) => (
            <Text key={String(index)}>
              {`· ${layerReason(m, layer, { subject: subjectRef, space: { key: page.spaceKey }, contentType: page.type })}`}
            </Text>
          ))}
        </Stack>
      ))}
      {answer.pagesTotal > answer.pages.length && (
        <Text>
          {m.text('admin.person.more', {
            shown: String(answer.pages.length),
            total: String(answer.pagesTotal),
          })}
        </Text>
      )}
      <Heading size="xsmall">{m.text('cli.person.footprint.heading')}</Heading>
      {answer.footprint.length === 0 && <Text>{m.text('admin.person.noFootprint')}</Text>}
      {answer.footprint.map((entry, index) => (
        <Inline key={String(index)} space="space.100">
          <Text>{footprintText(m, entry)}</Text>
          <Link href={`${root}${fixPath(entry.location)}`} openNewTab>
            {m.text('admin.person.removeHere')}
          </Link>
        </Inline>
      ))}
      {answer.footprintTotal > answer.footprint.length && (
        <Text>
          {m.text('admin.person.more', {
            shown: String(answer.footprint.length),
            total: String(answer.footprintTotal),
          })}
        </Text>
      )}
      <Coverage m={m} answer={answer} />
      <Exports state={state} dispatch={dispatch} />
    </Stack>
  );
}

function Coverage({ m, answer }: { readonly m: Messages; readonly answer: PersonAnswerView }) {
  const { coverage } = answer;
  return (
    <Stack space="space.050">
      <Text>
        {m.text('cli.person.coverage.read', {
          spaces: m.count('cli.person.coverage.spaces', coverage.spaces, {
            n: String(coverage.spaces),
          }),
          content: m.count('cli.person.coverage.content', coverage.contentRead, {
            n: String(coverage.contentRead),
          }),
        })}
      </Text>
      <Text>{m.text('admin.person.hidden')}</Text>
      {coverage.spacesWithoutGrants.length > 0 && (
        <Text>
          {m.text('cli.person.coverage.noGrants', {
            keys: joinComma(m, coverage.spacesWithoutGrants),
          })}
        </Text>
      )}
      {coverage.contentGaps.map((gap) => (
        <Text key={gap.spaceKey}>{m.text('cli.person.coverage.gap', { key: gap.spaceKey })}</Text>
      ))}
    </Stack>
  );
}

function Exports({
  state,
  dispatch,
}: {
  readonly state: PersonReachState;
  readonly dispatch: (action: PersonReachAction) => void;
}) {
  const m = useMessages();
  const busy = state.pending !== undefined;
  const file = state.file;
  return (
    <Stack space="space.100">
      <Inline space="space.100">
        <Button
          isDisabled={busy}
          onClick={() => {
            dispatch({ type: 'export', format: 'csv' });
          }}
        >
          {m.text('admin.person.exportCsv')}
        </Button>
        <Button
          isDisabled={busy}
          onClick={() => {
            dispatch({ type: 'export', format: 'json' });
          }}
        >
          {m.text('admin.person.exportJson')}
        </Button>
      </Inline>
      {state.nothingToExport === true && <Text>{m.text('admin.person.nothingToExport')}</Text>}
      {file !== undefined && (
        <FileReady
          title={m.text('admin.person.fileReady', { file: file.fileName })}
          file={file}
          onClose={() => {
            dispatch({ type: 'file-closed' });
          }}
        />
      )}
    </Stack>
  );
}
