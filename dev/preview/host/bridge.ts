/**
 * The product side of the UI Kit bridge for the local preview. `@forge/react` and
 * `@forge/bridge` talk to the product only through `self.__bridge.callBridge(cmd, data)`; this
 * answers those commands: `reconcile` re-renders the ForgeDoc with Atlaskit, `invoke` runs the
 * app's resolver through the preview server, `getContext` answers for the current module, and
 * everything else UI Kit may issue is answered harmlessly (and said so in the terminal).
 *
 * Install it before `@forge/bridge` is loaded: the bridge module captures `callBridge` then.
 */
import { createElement, Fragment } from 'react';
import type { ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import type { Root } from 'react-dom/client';
import { isForgeDoc } from './forge-doc';
import type { ForgeDoc, RootType } from './forge-doc';
import { ForgeDocView } from './render-forge-doc';
import type { ConfigFields, HostServices, PreviewUser } from './render-forge-doc';

export interface PreviewError {
  readonly message: string;
  readonly detail?: string;
  readonly source: 'app' | 'host' | 'invoke';
  /** Warnings (a bridge command the preview cannot honour) go to the terminal only. */
  readonly level?: 'error' | 'warning';
}

export interface BridgeOptions {
  readonly moduleKey: string;
  /** What `view.getContext()` / `useProductContext()` answers. */
  readonly context: Readonly<Record<string, unknown>>;
  /** Runs one resolver function; rejects when the call itself failed. */
  invoke(functionKey: string, payload: unknown): Promise<unknown>;
  /** Every error also goes here (the preview posts it to the server's terminal). */
  onError?(error: PreviewError): void;
  /** Where to render, and which root: the view (`Root`) or the macro config (`MacroConfig`). */
  readonly container?: HTMLElement;
  readonly show?: RootType;
  /** Named MacroConfig fields changed: the new configuration. */
  onConfigChange?(config: Record<string, unknown>): void;
  resolveUser?(accountId: string): Promise<PreviewUser | undefined>;
  searchUsers?(query: string): Promise<readonly PreviewUser[]>;
  onModalChange?(open: boolean): void;
  /** Called after each render, e.g. to resize a frame. */
  onRender?(): void;
  /** The person allowed the app to act as them (the consent step's button). */
  grantConsent?(): Promise<void>;
}

/** `@forge/api`'s name for "this person has not allowed the app to act as them yet". */
export const CONSENT_REQUIRED = 'NEEDS_AUTHENTICATION_ERR';

/** An invoke the platform refused until the person consents; the host shows the consent step. */
export class ConsentRequiredError extends Error {
  override readonly name = CONSENT_REQUIRED;
  constructor() {
    super('Access Lens needs your permission before it can read Confluence as you');
  }
}

export interface PreviewBridge {
  callBridge(cmd: string, data?: unknown): Promise<unknown>;
  /** The latest ForgeDoc the reconciler sent for a root. */
  latest(root: RootType): ForgeDoc | undefined;
  /** Errors shown in the page so far. */
  readonly errors: readonly PreviewError[];
  /** Shows an error in the page and forwards it to `onError`. */
  report(error: PreviewError): void;
  /** Delivers a product event to the app's `events.on` subscribers. */
  emit(event: string, payload?: unknown): void;
}

type Listener = (payload: unknown) => unknown;

export function createBridge(options: BridgeOptions): PreviewBridge {
  const docs = new Map<RootType, ForgeDoc>();
  const errors: PreviewError[] = [];
  const listeners = new Map<string, Set<Listener>>();
  const warned = new Set<string>();
  const show: RootType = options.show ?? 'Root';
  const configValues: Record<string, unknown> = {
    ...((options.context.extension as { config?: Record<string, unknown> } | undefined)?.config ??
      {}),
  };
  let root: Root | null = null;
  let scheduled = false;
  let consentNeeded = false;

  const report = (error: PreviewError) => {
    errors.push(error);
    try {
      options.onError?.(error);
    } catch {
      // Reporting must never take the page down with it.
    }
    scheduleRender();
  };

  const services: HostServices = {
    resolveUser: (accountId) => options.resolveUser?.(accountId) ?? Promise.resolve(undefined),
    searchUsers: (query) => options.searchUsers?.(query) ?? Promise.resolve([]),
    reportError: (message, detail) => {
      report({ message, detail, source: 'host' });
    },
    onModalChange: (open) => {
      options.onModalChange?.(open);
    },
  };

  const config: ConfigFields = {
    values: configValues,
    set(name, value) {
      if (name === '') return;
      if (value === undefined) Reflect.deleteProperty(configValues, name);
      else configValues[name] = value;
      options.onConfigChange?.({ ...configValues });
    },
  };

  function view(): ReactNode {
    // Forge shows its own consent screen in place of the app until the person allows access.
    if (consentNeeded) {
      const grant = options.grantConsent
        ? () => options.grantConsent?.() ?? Promise.resolve()
        : undefined;
      return consentStep(grant, report);
    }
    const doc = docs.get(show);
    const banner = errors.length === 0 ? null : errorBanner(errors);
    return createElement(
      Fragment,
      null,
      banner,
      doc
        ? createElement(ForgeDocView, {
            doc,
            services,
            config: show === 'MacroConfig' ? config : undefined,
          })
        : null,
    );
  }

  function scheduleRender() {
    if (!options.container || scheduled) return;
    scheduled = true;
    // The reconciler commits several times in a row; one paint per task is enough.
    queueMicrotask(() => {
      scheduled = false;
      if (!options.container) return;
      root ??= createRoot(options.container);
      root.render(view());
      setTimeout(() => {
        options.onRender?.();
      }, 0);
    });
  }

  function warnOnce(cmd: string) {
    if (warned.has(cmd)) return;
    warned.add(cmd);
    try {
      options.onError?.({
        message: `The preview answered the bridge command '${cmd}' with no effect`,
        source: 'host',
        level: 'warning',
      });
    } catch {
      // see report()
    }
  }

  const callBridge = async (cmd: string, data?: unknown): Promise<unknown> => {
    switch (cmd) {
      case 'reconcile': {
        const forgeDoc = (data as { forgeDoc?: unknown } | undefined)?.forgeDoc;
        if (isForgeDoc(forgeDoc)) {
          docs.set(forgeDoc.type === 'MacroConfig' ? 'MacroConfig' : 'Root', forgeDoc);
          scheduleRender();
        }
        return undefined;
      }
      case 'invoke': {
        const { functionKey, payload } = data as { functionKey: string; payload?: unknown };
        try {
          return await options.invoke(functionKey, payload);
        } catch (error) {
          if (error instanceof ConsentRequiredError) {
            consentNeeded = true;
            scheduleRender();
            throw error;
          }
          report({
            message: `invoke('${functionKey}') failed: ${error instanceof Error ? error.message : String(error)}`,
            source: 'invoke',
          });
          throw error;
        }
      }
      case 'getContext':
        return structuredClone(options.context);
      case 'onError': {
        const error = (data as { error?: unknown } | undefined)?.error;
        report({
          message: `The app failed: ${error instanceof Error ? error.message : JSON.stringify(error)}`,
          detail: error instanceof Error ? error.stack : undefined,
          source: 'app',
        });
        return undefined;
      }
      case 'on':
      case 'onPublic': {
        const { event, callback } = data as { event: string; callback: Listener };
        const set = listeners.get(event) ?? new Set<Listener>();
        set.add(callback);
        listeners.set(event, set);
        return {
          unsubscribe: () => {
            set.delete(callback);
          },
        };
      }
      case 'emit':
      case 'emitPublic': {
        const { event, payload } = data as { event: string; payload?: unknown };
        deliver(event, payload);
        return undefined;
      }
      case 'createHistory':
        return memoryHistory();
      case 'getFrameId':
        return 'preview-frame';
      case 'isRovoEnabled':
        return false;
      case 'getCookieConsentPreferences':
        return { strictlyNecessary: true, functional: false, analytics: false, marketing: false };
      case 'showFlag':
        warnOnce(cmd);
        return { close: () => Promise.resolve(true) };
      case 'emitReadyEvent':
      case 'enableTheming':
      case 'changeWindowTitle':
      case 'initFeatureFlags':
      case 'emitFrontendCustomMetric':
        return undefined;
      default:
        // open / openModal / navigate / submit / close / refresh / fetchProduct …: UI Kit
        // surfaces the preview does not have. The app keeps running; the terminal says so.
        warnOnce(cmd);
        return undefined;
    }
  };

  function deliver(event: string, payload: unknown) {
    for (const listener of listeners.get(event) ?? []) {
      try {
        const result = listener(payload);
        if (result instanceof Promise) {
          result.catch((error: unknown) => {
            report({ message: `An event listener failed: ${String(error)}`, source: 'app' });
          });
        }
      } catch (error) {
        report({ message: `An event listener failed: ${String(error)}`, source: 'app' });
      }
    }
  }

  (globalThis as unknown as { __bridge?: { callBridge: typeof callBridge } }).__bridge = {
    callBridge,
  };

  return {
    callBridge,
    latest: (rootType) => docs.get(rootType),
    errors,
    report,
    emit: deliver,
  };
}

/**
 * The product's consent step, drawn by the host as Forge draws it: not part of the app, shown
 * once per person per site, and the app runs again after "Allow access".
 */
function consentStep(
  grant: (() => Promise<void>) | undefined,
  report: (error: PreviewError) => void,
): ReactNode {
  const allow = () => {
    grant?.().catch((error: unknown) => {
      report({ message: `Allowing access failed: ${String(error)}`, source: 'host' });
    });
  };
  return createElement(
    'section',
    {
      'data-preview-consent': 'true',
      'aria-labelledby': 'preview-consent-title',
      style: {
        border: '1px solid #DCDFE4',
        borderRadius: 4,
        padding: '16px 20px',
        font: '14px/20px system-ui, sans-serif',
        color: '#172B4D',
      },
    },
    createElement(
      'h2',
      { id: 'preview-consent-title', style: { font: '600 16px/20px system-ui', margin: 0 } },
      'Access Lens needs your permission',
    ),
    createElement(
      'p',
      null,
      'Before it can show anything, Access Lens needs your permission to read Confluence as you. It sees only what you can see, and you are asked once.',
    ),
    createElement(
      'button',
      {
        type: 'button',
        onClick: allow,
        disabled: grant === undefined,
        style: {
          background: '#0C66E4',
          color: '#FFFFFF',
          border: 0,
          borderRadius: 3,
          padding: '6px 12px',
          font: '500 14px/20px system-ui',
          cursor: 'pointer',
        },
      },
      'Allow access',
    ),
  );
}

function errorBanner(errors: readonly PreviewError[]): ReactNode {
  return createElement(
    'div',
    {
      role: 'alert',
      'data-preview-error-banner': 'true',
      style: {
        border: '2px solid #C9372C',
        background: '#FFECEB',
        color: '#5D1F1A',
        padding: '8px 12px',
        borderRadius: 4,
        marginBottom: 8,
        font: '14px/20px system-ui, sans-serif',
      },
    },
    createElement('strong', null, `Access Lens preview: ${errors.length} error(s)`),
    createElement(
      'ul',
      { style: { margin: '4px 0 0', paddingLeft: 20 } },
      errors.slice(-5).map((error, index) => createElement('li', { key: index }, error.message)),
    ),
  );
}

/** A history for UI Kit's router APIs: in-memory, enough for `createHistory().listen/push`. */
function memoryHistory() {
  const listeners = new Set<(location: unknown) => void>();
  const history = {
    action: 'POP',
    location: { pathname: '/', search: '', hash: '', state: undefined as unknown, key: 'default' },
    push(path: string, state?: unknown) {
      history.location = { pathname: path, search: '', hash: '', state, key: String(Date.now()) };
      history.action = 'PUSH';
      listeners.forEach((listener) => {
        listener(history.location);
      });
    },
    replace(path: string, state?: unknown) {
      history.push(path, state);
      history.action = 'REPLACE';
    },
    go: () => undefined,
    back: () => undefined,
    forward: () => undefined,
    listen(listener: (location: unknown) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return history;
}
