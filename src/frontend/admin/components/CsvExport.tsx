import { Button, CodeBlock, Inline, LinkButton, SectionMessage, Stack, Text } from '@forge/react';
import type { AuditCsvExport } from '../../../contract/admin';
import { ErrorState } from '../../shared/ErrorState';
import { useMessages } from '../../shared/messages';
import { useCsvExport } from '../hooks/useCsvExport';
import { Loading } from './Loading';

/** "Export CSV" for an access review: a download link, or the CSV itself to copy. */
export function CsvExport({
  auditId,
  total,
}: {
  readonly auditId: string;
  readonly total: number;
}) {
  const m = useMessages();
  const [state, dispatch] = useCsvExport();
  const request = () => {
    dispatch({ type: 'requested', auditId });
  };
  switch (state.status) {
    case 'idle':
      return (
        <Stack space="space.100">
          <Inline space="space.100" alignBlock="center">
            <Button onClick={request}>{m.text('admin.csv.export')}</Button>
            <Text>{m.count('admin.csv.holds', total)}</Text>
          </Inline>
        </Stack>
      );
    case 'preparing':
      return <Loading text={m.text('admin.csv.preparing')} />;
    case 'failed':
      return (
        <ErrorState
          error={state.error}
          about="audit"
          title={m.text('admin.csv.failed')}
          onRetry={request}
        />
      );
    case 'ready':
      return (
        <ExportReady
          file={state.file}
          onClose={() => {
            dispatch({ type: 'closed' });
          }}
        />
      );
  }
}

function ExportReady({
  file,
  onClose,
}: {
  readonly file: AuditCsvExport;
  readonly onClose: () => void;
}) {
  const m = useMessages();
  const rows = m.count('admin.csv.rows', file.rows);
  const file_ = { file: file.fileName };
  if (file.downloadUrl !== undefined) {
    return (
      <SectionMessage appearance="success" title={m.text('admin.csv.ready')}>
        <Stack space="space.100">
          <Text>{m.text('admin.csv.readyText', { ...file_, rows })}</Text>
          <Inline space="space.100">
            <LinkButton appearance="primary" href={file.downloadUrl} target="_blank">
              {m.text('admin.csv.download', file_)}
            </LinkButton>
            <Button appearance="subtle" onClick={onClose}>
              {m.text('admin.csv.close')}
            </Button>
          </Inline>
        </Stack>
      </SectionMessage>
    );
  }
  return (
    <SectionMessage
      appearance="information"
      title={m.text('admin.csv.inlineTitle', { ...file_, rows })}
    >
      <Stack space="space.100">
        <Text>{m.text('admin.csv.inlineText', file_)}</Text>
        <CodeBlock text={file.csv} language="text" />
        <Button appearance="subtle" onClick={onClose}>
          {m.text('admin.csv.close')}
        </Button>
      </Stack>
    </SectionMessage>
  );
}
