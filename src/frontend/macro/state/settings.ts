import type { MacroConfig } from '../../../contract/results';

/** The tabs a macro can show, in display order. */
export const TAB_IDS = ['view', 'edit', 'check'] as const;
export type TabId = (typeof TAB_IDS)[number];

/** The macro's configuration with every default applied. */
export interface MacroSettings {
  readonly tabs: readonly TabId[];
  readonly compact: boolean;
}

export const DEFAULT_SETTINGS: MacroSettings = { tabs: TAB_IDS, compact: false };

/** The field names of the config form (MacroConfig.tsx): what Confluence stores for a macro. */
export const CONFIG_FIELDS = { tabs: 'tabs', layout: 'layout' } as const;

const SHOW_KEYS: Readonly<Record<TabId, keyof MacroConfig>> = {
  view: 'showView',
  edit: 'showEdit',
  check: 'showCheck',
};

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads whatever the macro's stored configuration holds. It is edited by people and may come from
 * an older version of the form, so anything unexpected falls back to the default. Two shapes are
 * understood: what the config form stores (`tabs: string[]`, `layout: 'full' | 'compact'`) and the
 * contract's booleans (`showView`, … `compact`), which win when both are present.
 */
export function macroSettings(config: unknown): MacroSettings {
  if (!isRecord(config)) return DEFAULT_SETTINGS;
  const stored = config[CONFIG_FIELDS.tabs];
  const listed = Array.isArray(stored)
    ? stored.filter((t): t is string => typeof t === 'string')
    : null;
  const tabs = TAB_IDS.filter((tab) => {
    const flag = config[SHOW_KEYS[tab]];
    if (typeof flag === 'boolean') return flag;
    return listed === null || listed.includes(tab);
  });
  const compactFlag = config.compact;
  const compact =
    typeof compactFlag === 'boolean' ? compactFlag : config[CONFIG_FIELDS.layout] === 'compact';
  return { tabs, compact };
}
