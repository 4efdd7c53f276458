import {
  Button,
  CodeBlock,
  FileCard,
  Inline,
  LinkButton,
  SectionMessage,
  Stack,
  Text,
} from '@forge/react';
import { useState } from 'react';
import { useMessages } from '../../shared/messages';

/**
 * An export made ready: the file as a card the host saves to the browser's downloads (or a
 * signed link, when the backend offers one), its text one click away for a host that cannot save
 * a file from an app, and "Close". The same for every export of the admin page
 * (docs/ARCHITECTURE.md, "Exports").
 */
export function FileReady({
  title,
  file,
  lead,
  link,
  textLead,
  onClose,
}: {
  readonly title: string;
  readonly file: { readonly fileName: string; readonly text: string; readonly mimeType: string };
  /** A line above the card. */
  readonly lead?: string;
  /** A signed link offered instead of the card, with its own line above it. */
  readonly link?: { readonly href: string; readonly label: string; readonly lead: string };
  /** A line above the text shown in place. */
  readonly textLead?: string;
  readonly onClose: () => void;
}) {
  const m = useMessages();
  const [asText, setAsText] = useState(false);
  return (
    <SectionMessage appearance="success" title={title}>
      <Stack space="space.100">
        {link === undefined ? (
          <>
            {lead !== undefined && <Text>{lead}</Text>}
            {/* The host saves the Blob the card hands it as a file in the browser's downloads. */}
            <FileCard
              fileName={file.fileName}
              fileSize={fileBytes(file.text)}
              fileType={file.mimeType}
              onDownload={() => new Blob([file.text], { type: file.mimeType })}
            />
          </>
        ) : (
          <>
            <Text>{link.lead}</Text>
            <LinkButton appearance="primary" href={link.href} target="_blank">
              {link.label}
            </LinkButton>
          </>
        )}
        {asText && (
          <>
            {textLead !== undefined && <Text>{textLead}</Text>}
            <CodeBlock text={file.text} language="text" />
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

/** The file's size in bytes, as the file card shows it (UTF-8, as the file is saved). */
export function fileBytes(text: string): number {
  return new TextEncoder().encode(text).length;
}
