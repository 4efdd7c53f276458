import {
  Button,
  Checkbox,
  Heading,
  Inline,
  Label,
  LinkButton,
  List,
  ListItem,
  Select,
  Spinner,
  Stack,
  Text,
  UserPicker,
  useProductContext,
} from '@forge/react';
import type { UserPickerValue } from '@forge/react';
import type { Audience, WhatIfView } from '../../../contract/results';
import type { GroupRef } from '../../../core';
import type { RestrictionOperation } from '../../../core/what-if';
import { groupName } from '../../../messages/access';
import { fixPath, siteRoot } from '../../../messages/links';
import { belowLine, changeSentences } from '../../../messages/what-if';
import { ErrorState } from '../../shared/ErrorState';
import { useMessages } from '../../shared/messages';
import { useWhatIf } from '../hooks/useWhatIf';
import { hasChange, restrictionEntries } from '../state/whatIf';

/**
 * "What if": draft a change to this page's view or edit restriction, as Confluence's dialog
 * would make it, and see who would gain or lose access before making it. Nothing is changed:
 * a link opens the page, whose lock makes the change in Confluence.
 */
export function WhatIf({
  audience,
  groups,
}: {
  readonly audience: Audience;
  readonly groups: readonly GroupRef[];
}) {
  const m = useMessages();
  const [state, dispatch] = useWhatIf();
  const { draft } = state;
  const current = restrictionEntries(audience, draft.operation);
  const operations: RestrictionOperation[] = ['read', 'update'];
  return (
    <Stack space="space.200">
      <Text>{m.text('macro.whatIf.intro')}</Text>
      <Stack space="space.050">
        <Label labelFor="what-if-operation">{m.text('macro.whatIf.operation')}</Label>
        <Select
          inputId="what-if-operation"
          name="what-if-operation"
          value={{
            label: m.text(`macro.whatIf.operation.${draft.operation}`),
            value: draft.operation,
          }}
          options={operations.map((operation) => ({
            label: m.text(`macro.whatIf.operation.${operation}`),
            value: operation,
          }))}
          onChange={(option: unknown) => {
            const value = (option as { value?: unknown } | null)?.value;
            if (value === 'read' || value === 'update') {
              dispatch({ type: 'operationChosen', operation: value });
            }
          }}
        />
      </Stack>
      {current.length === 0 ? (
        <Text>{m.text(`macro.whatIf.currentNone.${draft.operation}`)}</Text>
      ) : (
        <Stack space="space.050">
          <Text>{m.text('macro.whatIf.current')}</Text>
          {current.map((entry) => (
            <Checkbox
              key={`${entry.kind}:${entry.id}`}
              name={`what-if-remove-${entry.kind}-${entry.id}`}
              value={entry.id}
              label={m.text('macro.whatIf.takeOff', { name: entry.label })}
              isChecked={draft.remove.some((e) => e.kind === entry.kind && e.id === entry.id)}
              onChange={() => {
                dispatch({ type: 'removalToggled', entry });
              }}
            />
          ))}
        </Stack>
      )}
      <UserPicker
        label={m.text('macro.whatIf.addPerson')}
        name="what-if-add-person"
        placeholder={m.text('macro.whatIf.addPersonSearch')}
        onChange={(user: UserPickerValue | undefined) => {
          if (user !== undefined && user.id !== '') {
            dispatch({
              type: 'added',
              entry: { kind: 'user', id: user.id, label: user.name || user.id },
            });
          }
        }}
      />
      {groups.length > 0 && (
        <Stack space="space.050">
          <Label labelFor="what-if-add-group">{m.text('macro.whatIf.addGroup')}</Label>
          <Select
            inputId="what-if-add-group"
            name="what-if-add-group"
            placeholder={m.text('macro.whatIf.addGroupPlaceholder')}
            options={groups.map((group) => ({
              label: group.name ?? groupName(m, group),
              value: group.groupId,
            }))}
            onChange={(option: unknown) => {
              const picked = option as { label?: unknown; value?: unknown } | null;
              if (typeof picked?.value === 'string') {
                const label = typeof picked.label === 'string' ? picked.label : picked.value;
                dispatch({ type: 'added', entry: { kind: 'group', id: picked.value, label } });
              }
            }}
          />
        </Stack>
      )}
      {draft.add.length > 0 && (
        <Stack space="space.050">
          <Text>
            {m.text('macro.whatIf.toAdd', { names: m.list(draft.add.map((e) => e.label)) })}
          </Text>
          <Inline space="space.100" shouldWrap>
            {draft.add.map((entry) => (
              <Button
                key={`${entry.kind}:${entry.id}`}
                appearance="subtle"
                onClick={() => {
                  dispatch({ type: 'dropped', entry });
                }}
              >
                {m.text('macro.whatIf.dropAdded', { name: entry.label })}
              </Button>
            ))}
          </Inline>
        </Stack>
      )}
      <Inline space="space.100" alignBlock="center">
        <Button
          appearance="primary"
          isDisabled={!hasChange(draft) || state.status === 'previewing'}
          onClick={() => {
            dispatch({ type: 'previewRequested' });
          }}
        >
          {m.text('macro.whatIf.preview')}
        </Button>
        {!hasChange(draft) && <Text>{m.text('macro.whatIf.nothingYet')}</Text>}
      </Inline>
      {state.status === 'previewing' && (
        <Inline space="space.100" alignBlock="center">
          <Spinner label={m.text('macro.whatIf.previewing')} />
          <Text>{m.text('macro.whatIf.previewing')}</Text>
        </Inline>
      )}
      {state.status === 'failed' && (
        <ErrorState
          error={state.error}
          onRetry={() => {
            dispatch({ type: 'previewRequested' });
          }}
        />
      )}
      {state.status === 'previewed' && (
        <WhatIfAnswer result={state.result} stale={state.stale} operation={draft.operation} />
      )}
    </Stack>
  );
}

function WhatIfAnswer({
  result,
  stale,
  operation,
}: {
  readonly result: WhatIfView;
  readonly stale: boolean;
  readonly operation: RestrictionOperation;
}) {
  const m = useMessages();
  const context = useProductContext();
  const root = siteRoot(context?.siteUrl ?? '');
  const contentId = contentIdOf(context?.extension);
  const { below } = result;
  return (
    <Stack space="space.150">
      {stale && <Text>{m.text('macro.whatIf.stale')}</Text>}
      <Heading size="small">{m.text('macro.whatIf.onPage')}</Heading>
      {[
        ...changeSentences(m, result.page.view, 'view'),
        ...changeSentences(m, result.page.edit, 'edit'),
      ].map((sentence) => (
        <Text key={sentence}>{sentence}</Text>
      ))}
      <Heading size="small">{m.text('macro.whatIf.belowHeading')}</Heading>
      {operation === 'update' ? (
        <Text>{m.text('macro.whatIf.editOnly')}</Text>
      ) : below.changed.length === 0 ? (
        <Text>{m.count('macro.whatIf.below.none', below.considered)}</Text>
      ) : (
        <Stack space="space.050">
          <Text>{m.count('macro.whatIf.below.changed', below.changed.length)}</Text>
          <List type="unordered">
            {below.changed.map((page) => (
              <ListItem key={page.id}>{belowLine(m, page.title, page.view)}</ListItem>
            ))}
          </List>
        </Stack>
      )}
      {below.truncated && <Text>{m.count('macro.whatIf.below.truncated', below.considered)}</Text>}
      {below.unreadable > 0 && (
        <Text>{m.count('macro.whatIf.below.unreadable', below.unreadable)}</Text>
      )}
      {below.uncertain > 0 && (
        <Text>{m.count('macro.whatIf.below.uncertain', below.uncertain)}</Text>
      )}
      {root !== undefined && typeof contentId === 'string' && (
        <Stack space="space.050">
          <LinkButton
            href={`${root}${fixPath({ kind: 'content-restrictions', spaceKey: '', contentId })}`}
            target="_blank"
          >
            {m.text('macro.whatIf.makeIt')}
          </LinkButton>
          <Text>{m.text('macro.whatIf.makeItHint')}</Text>
        </Stack>
      )}
    </Stack>
  );
}

/** The content id the macro's context names (`extension.content.id`), if it names one. */
function contentIdOf(extension: unknown): string | undefined {
  if (typeof extension !== 'object' || extension === null) return undefined;
  const content: unknown = (extension as { content?: unknown }).content;
  if (typeof content !== 'object' || content === null) return undefined;
  const id: unknown = (content as { id?: unknown }).id;
  return typeof id === 'string' ? id : undefined;
}
