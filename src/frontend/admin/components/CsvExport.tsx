import {
  Button,
  CodeBlock,
  FileCard,
  Inline,
  LinkButton,
  SectionMessage,
  Stack,
  Text,
  useProductContext,
} from '@forge/react';
import { useState } from 'react';
import type { AuditCsvExport, AuditCsvFilters } from '../../../contract/admin';
import { ErrorState } from '../../shared/ErrorState';
import { useMessages } from '../../shared/messages';
import { useCsvExport } from '../hooks/useCsvExport';
import { CSV_MIME_TYPE, csvBlob, csvBytes, hasFilters } from '../state/csvExport';
import type { CsvRequest } from '../state/csvExport';
import { Loading } from './Loading';

/**
 * "Export CSV" for an access review: the findings the table shows (its filters apply), as a file
 * the browser saves (docs/ARCHITECTURE.md, "Exports"), or through a signed link when the backend
 * offers one. The text stays one click away for a host that cannot save a file from an app.
 */
export function CsvExport({
  auditId,
  filters,
  total,
}: {
  readonly auditId: string;
  readonly filters: AuditCsvFilters;
  /** Findings matching the filters. */
  readonly total: number;
}) {
  const m = useMessages();
  const context = useProductContext();
  const [state, dispatch] = useCsvExport();
  const request = () => {
    const siteUrl = context?.siteUrl;
    const asked: CsvRequest = {
      auditId,
      filters,
      ...(siteUrl === undefined || siteUrl === '' ? {} : { siteUrl }),
    };
    dispatch({ type: 'requested', request: asked });
  };
  switch (state.status) {
    case 'idle':
      return (
        <Stack space="space.100">
          <Inline space="space.100" alignBlock="center">
            <Button onClick={request}>{m.text('admin.csv.export')}</Button>
            <Text>
              {hasFilters(filters)
                ? m.count('admin.exports.holdsFiltered', total)
                : m.count('admin.csv.holds', total)}
            </Text>
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
  const [asText, setAsText] = useState(false);
  const rows = m.count('admin.csv.rows', file.rows);
  const file_ = { file: file.fileName };
  return (
    <SectionMessage appearance="success" title={m.text('admin.csv.ready')}>
      <Stack space="space.100">
        {file.downloadUrl === undefined ? (
          <>
            <Text>{m.text('admin.exports.fileText', { ...file_, rows })}</Text>
            {/* The host saves the Blob the card hands it as a file in the browser's downloads. */}
            <FileCard
              fileName={file.fileName}
              fileSize={csvBytes(file.csv)}
              fileType={CSV_MIME_TYPE}
              onDownload={() => csvBlob(file.csv)}
            />
          </>
        ) : (
          <>
            <Text>{m.text('admin.csv.readyText', { ...file_, rows })}</Text>
            <LinkButton appearance="primary" href={file.downloadUrl} target="_blank">
              {m.text('admin.csv.download', file_)}
            </LinkButton>
          </>
        )}
        {asText && (
          <>
            <Text>{m.text('admin.csv.inlineText', file_)}</Text>
            <CodeBlock text={file.csv} language="text" />
          </>
        )}
        <Inline space="space.100">
          {!asText && (
            <Button
              appearance="subtle"
              onClick={() => {
                setAsText(true);
              }}
            >
              {m.text('admin.exports.showText')}
            </Button>
          )}
          <Button appearance="subtle" onClick={onClose}>
            {m.text('admin.csv.close')}
          </Button>
        </Inline>
      </Stack>
    </SectionMessage>
  );
}
