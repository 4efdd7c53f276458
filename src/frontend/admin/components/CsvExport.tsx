import { Button, CodeBlock, Inline, LinkButton, SectionMessage, Stack, Text } from '@forge/react';
import type { AuditCsvExport } from '../../../contract/admin';
import { ErrorState } from '../../shared/ErrorState';
import { useCsvExport } from '../hooks/useCsvExport';
import { plural } from '../wording';
import { Loading } from './Loading';

/** "Export CSV" for an access review: a download link, or the CSV itself to copy. */
export function CsvExport({
  auditId,
  total,
}: {
  readonly auditId: string;
  readonly total: number;
}) {
  const [state, dispatch] = useCsvExport();
  const request = () => {
    dispatch({ type: 'requested', auditId });
  };
  switch (state.status) {
    case 'idle':
      return (
        <Stack space="space.100">
          <Inline space="space.100" alignBlock="center">
            <Button onClick={request}>Export CSV</Button>
            <Text>
              {`The file holds all ${plural(total, 'finding', 'findings')} of this audit, whatever the filters, for an access review.`}
            </Text>
          </Inline>
        </Stack>
      );
    case 'preparing':
      return <Loading text="Preparing the CSV file…" />;
    case 'failed':
      return (
        <ErrorState
          error={state.error}
          about="audit"
          title="The CSV file couldn't be prepared"
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
  const rows = plural(file.rows, 'finding', 'findings');
  if (file.downloadUrl !== undefined) {
    return (
      <SectionMessage appearance="success" title="The CSV file is ready">
        <Stack space="space.100">
          <Text>{`${file.fileName} holds ${rows}. The download link works for a short time only.`}</Text>
          <Inline space="space.100">
            <LinkButton appearance="primary" href={file.downloadUrl} target="_blank">
              {`Download ${file.fileName}`}
            </LinkButton>
            <Button appearance="subtle" onClick={onClose}>
              Close
            </Button>
          </Inline>
        </Stack>
      </SectionMessage>
    );
  }
  return (
    <SectionMessage appearance="information" title={`${file.fileName} (${rows})`}>
      <Stack space="space.100">
        <Text>
          {`This site doesn't offer Access Lens a direct download, so the CSV is shown below. Copy it into a text file named ${file.fileName} and open it in a spreadsheet.`}
        </Text>
        <CodeBlock text={file.csv} language="text" />
        <Button appearance="subtle" onClick={onClose}>
          Close
        </Button>
      </Stack>
    </SectionMessage>
  );
}
