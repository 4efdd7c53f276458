import { Button, Inline, Stack, Text, useProductContext } from '@forge/react';
import type { AuditCsvExport, AuditCsvFilters } from '../../../contract/admin';
import { ErrorState } from '../../shared/ErrorState';
import { useMessages } from '../../shared/messages';
import { useCsvExport } from '../hooks/useCsvExport';
import { CSV_MIME_TYPE, hasFilters } from '../state/csvExport';
import type { CsvRequest } from '../state/csvExport';
import { FileReady } from './FileReady';
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
  const rows = m.count('admin.csv.rows', file.rows);
  const file_ = { file: file.fileName };
  return (
    <FileReady
      title={m.text('admin.csv.ready')}
      file={{ fileName: file.fileName, text: file.csv, mimeType: CSV_MIME_TYPE }}
      lead={m.text('admin.exports.fileText', { ...file_, rows })}
      {...(file.downloadUrl === undefined
        ? {}
        : {
            link: {
              href: file.downloadUrl,
              label: m.text('admin.csv.download', file_),
              lead: m.text('admin.csv.readyText', { ...file_, rows }),
            },
          })}
      textLead={m.text('admin.csv.inlineText', file_)}
      onClose={onClose}
    />
  );
}
