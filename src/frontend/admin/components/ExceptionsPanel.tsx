import { Button, CodeBlock, DynamicTable, Heading, Lozenge, Stack, Text, User } from '@forge/react';
import type { ExceptionView, ExceptionsView } from '../../../contract/admin';
import { useMessages } from '../../shared/messages';
import { callResolver } from '../../shared/call';
import { findingLabel } from './AcceptException';

/**
 * The accepted exceptions, apart from the open findings: active ones, and expired ones whose
 * findings are open again; each can be revoked. Below them, the same list as the file
 * `access-lens audit --exceptions` takes.
 */
export function ExceptionsPanel({
  view,
  onChanged,
}: {
  readonly view: ExceptionsView;
  readonly onChanged: () => void;
}) {
  const m = useMessages();
  if (view.exceptions.length === 0) return <Text>{m.text('admin.exceptions.none')}</Text>;
  const title = (column: string) => m.text(`admin.exceptions.table.${column}`);
  const label = (exception: ExceptionView) =>
    exception.finding === undefined
      ? `${exception.rule} · ${exception.spaceKey}`
      : findingLabel(m, exception.finding);
  return (
    <Stack space="space.200">
      <DynamicTable
        label={m.text('admin.exceptions.table.label')}
        head={{
          cells: [
            { key: 'finding', content: title('finding'), width: 30 },
            { key: 'reason', content: title('reason'), width: 30 },
            { key: 'owner', content: title('owner'), width: 14 },
            { key: 'expires', content: title('expires'), width: 10 },
            { key: 'state', content: title('state'), width: 10 },
            { key: 'revoke', content: '', width: 6 },
          ],
        }}
        rows={view.exceptions.map((exception) => ({
          key: exception.findingId,
          cells: [
            { key: 'finding', content: label(exception) },
            { key: 'reason', content: exception.reason },
            { key: 'owner', content: <User accountId={exception.ownerAccountId} /> },
            { key: 'expires', content: exception.expiresOn },
            {
              key: 'state',
              content: exception.active ? (
                <Lozenge appearance="success">{m.text('admin.exceptions.state.active')}</Lozenge>
              ) : (
                <Lozenge appearance="removed">{m.text('admin.exceptions.state.expired')}</Lozenge>
              ),
            },
            {
              key: 'revoke',
              content: (
                <Button
                  appearance="subtle"
                  onClick={() => {
                    void callResolver('revokeException', { findingId: exception.findingId }).then(
                      onChanged,
                      onChanged,
                    );
                  }}
                >
                  {m.text('admin.exceptions.revoke')}
                </Button>
              ),
            },
          ],
        }))}
      />
      <Heading size="small">{m.text('admin.exceptions.export.title')}</Heading>
      <Text>{m.text('admin.exceptions.export.text')}</Text>
      <CodeBlock language="json" text={JSON.stringify(view, null, 2)} />
    </Stack>
  );
}
