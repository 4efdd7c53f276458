/**
 * The `__LOCALES__` folder Forge serves beside a view (its `i18n-info.json` and one file per
 * locale), made by the Forge CLI's own bundling service from the manifest's `translations`, so
 * the jest views and the preview load translations the way a deployed app does.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { I18nResourceBundlingService } from '@forge/cli-shared';
import type { Translations } from '@forge/i18n';
import { parse } from 'yaml';
import { ROOT } from './catalogue';

interface ManifestTranslations {
  readonly resources: readonly { readonly key: string; readonly path: string }[];
  readonly fallback: { readonly default: string };
}

/** file name in `__LOCALES__` → its content. */
export async function forgeLocaleFiles(): Promise<ReadonlyMap<string, string>> {
  const manifest = parse(readFileSync(join(ROOT, 'manifest.yml'), 'utf8')) as {
    modules: Record<string, unknown>;
    translations: ManifestTranslations;
  };
  // The service resolves resource paths against the working directory; make them absolute.
  const translations = {
    ...manifest.translations,
    resources: manifest.translations.resources.map((r) => ({ ...r, path: join(ROOT, r.path) })),
  };
  const bundle = await new I18nResourceBundlingService().bundle(
    manifest.modules,
    translations as Translations,
  );
  const files = new Map<string, string>();
  if (!bundle.exists) return files;
  for (const name of readdirSync(bundle.path)) {
    files.set(name, readFileSync(join(bundle.path, name), 'utf8'));
  }
  return files;
}
