/**
 * The views' words: Forge's translation support (the manifest's `translations`, served to the
 * view by the platform) read through `useTranslation`, and turned into sentences by the same
 * formatting functions the CLI uses (src/messages).
 */
import { I18nProvider, Spinner, useTranslation } from '@forge/react';
import { useMemo } from 'react';
import type { ReactNode } from 'react';
import { createMessages } from '../../messages/format';
import type { Messages } from '../../messages/format';

/** Forge's `t` answers its default value for a missing key; this one is never a real message. */
const MISSING = '\u0000missing';

const FALLBACK_LOCALE = 'en-US';

/** The view's messages in the viewer's locale (Confluence's language setting). */
export function useMessages(): Messages {
  const i18n = useTranslation();
  const locale = i18n.ready ? i18n.locale : FALLBACK_LOCALE;
  const { t } = i18n;
  return useMemo(
    () =>
      createMessages(locale, (key) => {
        const value = t(key, MISSING);
        return value === MISSING ? undefined : value;
      }),
    [t, locale],
  );
}

/**
 * Loads the viewer's locale before the view renders, so nothing is ever shown as a key. The
 * spinner's label is the one word shown before any translation is known; a macro config, which
 * may use only form components, shows nothing meanwhile (`quiet`).
 */
export function WithMessages({
  children,
  quiet = false,
}: {
  readonly children: ReactNode;
  readonly quiet?: boolean;
}) {
  return (
    <I18nProvider>
      <WhenReady quiet={quiet}>{children}</WhenReady>
    </I18nProvider>
  );
}

function WhenReady({ children, quiet }: { readonly children: ReactNode; readonly quiet: boolean }) {
  const { ready } = useTranslation();
  if (ready) return <>{children}</>;
  return quiet ? null : <Spinner size="small" label="Loading" />;
}
