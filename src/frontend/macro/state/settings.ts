import type { MacroConfig } from '../../../contract/results';

/** The tabs a macro can show, in display order. */
export const TAB_IDS = ['view', 'edit', 'check', 'whatIf'] as const;
export type TabId = (typeof TAB_IDS)[number];

/**
 * The tabs a macro shows until its configuration says otherwise. "What if" is added by choice:
 * deciding who may see it reads the viewer's own account and groups on every view
 * (docs/ARCHITECTURE.md, "What if").
 */
export const DEFAULT_TABS: readonly TabId[] = ['view', 'edit', 'check'];

/** The macro's configuration with every default applied. */
export interface MacroSettings {
  readonly tabs: readonly TabId[];
  readonly compact: boolean;
}

export const DEFAULT_SETTINGS: MacroSettings = { tabs: DEFAULT_TABS, compact: false };

/** The field names of the config form (MacroConfig.tsx): what Confluence stores for a macro. */
export const CONFIG_FIELDS = { tabs: 'tabs', layout: 'layout' } as const satisfies Record<
  keyof MacroConfig,
  keyof MacroConfig
>;

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads whatever the macro's stored configuration holds (`MacroConfig`: `tabs`, `layout`). It may
 * come from an older version of the form, so anything unexpected falls back to the default.
 */
export function macroSettings(config: unknown): MacroSettings {
  if (!isRecord(config)) return DEFAULT_SETTINGS;
  const stored = config[CONFIG_FIELDS.tabs];
  const listed = Array.isArray(stored)
    ? stored.filter((t): t is string => typeof t === 'string')
    : null;
  const tabs = listed === null ? DEFAULT_TABS : TAB_IDS.filter((tab) => listed.includes(tab));
  const compact = config[CONFIG_FIELDS.layout] === 'compact';
  return { tabs, compact };
}
