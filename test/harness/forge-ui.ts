/**
 * Renders UI Kit views with the real `@forge/react` reconciler, the way the product host does:
 * the app talks to `self.__bridge.callBridge`, and every commit arrives as a `reconcile` call
 * carrying the ForgeDoc tree. This module must be imported before any `@forge/*` frontend module,
 * because `@forge/bridge` captures the bridge when it loads.
 */
import { act, createElement } from 'react';
import type { ComponentType, ReactNode } from 'react';

export interface ForgeDoc {
  readonly type: string;
  readonly props: Record<string, unknown>;
  readonly children: readonly ForgeDoc[];
  readonly key?: string;
}

export interface BridgeHandlers {
  /** Answers `invoke(functionKey, payload)` from the view. */
  invoke?: (functionKey: string, payload: unknown) => Promise<unknown>;
  /** What `view.getContext()` / `useProductContext()` returns. */
  context?: Record<string, unknown>;
  /** The viewer's Confluence language (the context's `locale`); English unless set. */
  locale?: string;
}

interface BridgeCall {
  readonly cmd: string;
  readonly data: unknown;
}

const state: {
  handlers: BridgeHandlers;
  calls: BridgeCall[];
  lastDoc: ForgeDoc | null;
  history: string[];
} = {
  handlers: {},
  calls: [],
  lastDoc: null,
  history: [],
};

async function callBridge(cmd: string, data: unknown): Promise<unknown> {
  state.calls.push({ cmd, data });
  switch (cmd) {
    case 'reconcile':
      state.lastDoc = (data as { forgeDoc: ForgeDoc }).forgeDoc;
      // The reconciler mutates one tree in place, so keep what each commit showed as text.
      state.history.push(textOf(state.lastDoc));
      return undefined;
    case 'invoke': {
      const { functionKey, payload } = data as { functionKey: string; payload?: unknown };
      if (!state.handlers.invoke) throw new Error(`No invoke handler for '${functionKey}'`);
      return state.handlers.invoke(functionKey, payload);
    }
    case 'getContext':
      return { locale: state.handlers.locale ?? 'en-US', ...state.handlers.context };
    case 'on':
      // `events.on` answers a subscription the view unsubscribes when it unmounts.
      return { unsubscribe: () => undefined };
    case 'onError':
      throw new Error(`The view reported an error: ${JSON.stringify(data)}`);
    default:
      return undefined;
  }
}

const bridgeGlobals = globalThis as unknown as {
  self?: unknown;
  __bridge?: { callBridge: typeof callBridge };
  IS_REACT_ACT_ENVIRONMENT?: boolean;
};
bridgeGlobals.__bridge = { callBridge };

/**
 * `@forge/bridge` fetches a view's translations from `./__LOCALES__/` beside the view; answer
 * those with what the Forge CLI bundles from the manifest, and nothing else.
 */
let localeFiles: Promise<ReadonlyMap<string, string>> | undefined;
function loadLocaleFiles(): Promise<ReadonlyMap<string, string>> {
  localeFiles ??= import('../../dev/i18n/forge-locales').then((m) => m.forgeLocaleFiles());
  return localeFiles;
}
const realFetch = globalThis.fetch;
globalThis.fetch = async (input, init) => {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  const match = /^\.\/__LOCALES__\/([\w.-]+)$/u.exec(url);
  if (!match) return realFetch(input, init);
  const body = (await loadLocaleFiles()).get(match[1] ?? '');
  return body === undefined
    ? new Response('Not found', { status: 404, statusText: 'Not Found' })
    : new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
};
bridgeGlobals.self = globalThis;
bridgeGlobals.IS_REACT_ACT_ENVIRONMENT = true;

/** Renders a view and lets its effects run. */
export async function renderView(
  component: ComponentType,
  handlers: BridgeHandlers = {},
): Promise<RenderedView> {
  state.handlers = handlers;
  state.calls = [];
  state.lastDoc = null;
  state.history = [];
  // Loaded lazily so the bridge above exists first whatever the import order in the test.
  const { default: ForgeReconciler } = await import('@forge/react');
  // As the views' entry points do: translations load before the view renders.
  const { WithMessages } = await import('../../src/frontend/shared/messages');
  // Bundled once per test file (real time, not render rounds), before the view asks for it.
  await loadLocaleFiles();
  const probe = { ready: false, firstAppCommit: 0 };
  // Rendered only once the translations are loaded: the next commit is the app's own first.
  const Ready = ({ children }: { children: ReactNode }) => {
    if (!probe.ready) probe.firstAppCommit = state.history.length;
    probe.ready = true;
    return children;
  };
  await act(async () => {
    ForgeReconciler.render(
      createElement(WithMessages, null, createElement(Ready, null, createElement(component))),
    );
    await Promise.resolve();
  });
  const view = new RenderedView();
  for (let round = 0; !probe.ready && round < 200; round++) await view.settle(1);
  if (!probe.ready) throw new Error('The translations never loaded');
  // What the app showed first is what a test means by the first commit.
  state.history = state.history.slice(probe.firstAppCommit);
  return view;
}

export class RenderedView {
  /** The latest ForgeDoc the reconciler sent. */
  get doc(): ForgeDoc {
    if (!state.lastDoc) throw new Error('Nothing has been rendered');
    return state.lastDoc;
  }

  /** The text of every commit so far, oldest first: shows transient states like loading. */
  get history(): readonly string[] {
    return state.history;
  }

  get bridgeCalls(): readonly BridgeCall[] {
    return state.calls;
  }

  /** Lets pending promises (resolver answers) settle and React commit, a bounded number of times. */
  async settle(rounds = 20): Promise<void> {
    for (let i = 0; i < rounds; i++) {
      await act(async () => {
        await new Promise((resolve) => setImmediate(resolve));
      });
    }
  }

  /** Waits until `predicate` holds for the rendered tree, settling between checks. */
  async waitFor(predicate: (view: RenderedView) => boolean, rounds = 200): Promise<void> {
    for (let i = 0; i < rounds; i++) {
      if (predicate(this)) return;
      await this.settle(1);
    }
    throw new Error(`Condition not met; rendered text: ${this.text()}`);
  }

  findAll(type: string, root: ForgeDoc = this.doc): ForgeDoc[] {
    const found: ForgeDoc[] = [];
    const visit = (node: ForgeDoc) => {
      if (node.type === type) found.push(node);
      node.children.forEach(visit);
    };
    visit(root);
    return found;
  }

  find(type: string, root?: ForgeDoc): ForgeDoc {
    const [first] = this.findAll(type, root);
    if (!first) throw new Error(`No ${type} in: ${this.text()}`);
    return first;
  }

  /** The first node of `type` whose text contains `text`. */
  findByText(type: string, text: string): ForgeDoc {
    const match = this.findAll(type).find((node) => textOf(node).includes(text));
    if (!match) throw new Error(`No ${type} containing "${text}" in: ${this.text()}`);
    return match;
  }

  has(type: string, text?: string): boolean {
    return this.findAll(type).some((node) => text === undefined || textOf(node).includes(text));
  }

  /** All the text of the tree (or a node), joined with spaces. */
  text(node: ForgeDoc = this.doc): string {
    return textOf(node);
  }

  /** Calls an event prop (`onClick`, `onChange`, `onSubmit`…) the way the host would. */
  async fire(node: ForgeDoc, prop: string, ...args: unknown[]): Promise<void> {
    const handler = node.props[prop];
    if (typeof handler !== 'function') throw new Error(`${node.type} has no ${prop}`);
    await act(async () => {
      await (handler as (...a: unknown[]) => unknown)(...args);
    });
  }
}

export function textOf(node: ForgeDoc): string {
  if (node.type === 'String') return typeof node.props.text === 'string' ? node.props.text : '';
  const own = typeof node.props.text === 'string' ? [node.props.text] : [];
  return [...own, ...node.children.map(textOf)].filter((part) => part.length > 0).join(' ');
}
