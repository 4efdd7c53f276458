/**
 * Runs first in every module frame (imported before the app's module, so the bridge exists
 * before `@forge/bridge` loads). The server writes what this frame is — module, root, identity,
 * product context — into `#preview-boot`; this installs the bridge for it, wires `invoke` to
 * the preview server, and keeps the parent page told about size, config and errors.
 */
import { setGlobalTheme } from '@atlaskit/tokens';
import { CONSENT_REQUIRED, ConsentRequiredError, createBridge } from './bridge';
import type { PreviewError } from './bridge';
import type { PreviewUser } from './render-forge-doc';

/** Written by the server into the frame page. */
export interface FrameBoot {
  /** The demo site the frame belongs to: every call it makes goes to that site. */
  readonly site: string;
  readonly moduleKey: string;
  /** `main` renders the view, `config` the macro configuration. */
  readonly root: 'main' | 'config';
  /** `u-bob`… or `anonymous`. */
  readonly as: string;
  readonly contentId?: string;
  readonly context: Readonly<Record<string, unknown>>;
}

/** Messages a frame posts to the shell page. */
export type FrameMessage =
  | { readonly type: 'preview:height'; readonly root: string; readonly height: number }
  | { readonly type: 'preview:modal'; readonly root: string; readonly open: boolean }
  | { readonly type: 'preview:config'; readonly config: Record<string, unknown> }
  | { readonly type: 'preview:error'; readonly message: string };

const bootElement = document.getElementById('preview-boot');
const boot = JSON.parse(bootElement?.textContent ?? '{}') as FrameBoot;
const container = document.getElementById('root') ?? document.body;

function post(message: FrameMessage) {
  if (window.parent !== window) window.parent.postMessage(message, window.location.origin);
}

function log(error: PreviewError) {
  // Fire and forget: the terminal copy of an error must not create errors of its own.
  void fetch('/api/log', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      ...error,
      site: boot.site,
      moduleKey: boot.moduleKey,
      root: boot.root,
      as: boot.as,
    }),
  }).catch(() => undefined);
  if (error.level !== 'warning') post({ type: 'preview:error', message: error.message });
}

async function postJson(url: string, body: unknown): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as {
    result?: unknown;
    error?: string;
    platformError?: string;
  };
  if (answer.platformError === CONSENT_REQUIRED) throw new ConsentRequiredError();
  if (!response.ok) throw new Error(answer.error ?? `HTTP ${response.status}`);
  return answer.result;
}

const userCache = new Map<string, Promise<PreviewUser | undefined>>();

async function getUsers(query: string): Promise<readonly PreviewUser[]> {
  const response = await fetch(`/api/users?site=${encodeURIComponent(boot.site)}&${query}`);
  if (!response.ok) return [];
  return ((await response.json()) as { users: PreviewUser[] }).users;
}

function resolveUser(accountId: string): Promise<PreviewUser | undefined> {
  let cached = userCache.get(accountId);
  if (!cached) {
    cached = getUsers(`accountId=${encodeURIComponent(accountId)}`).then((users) => users[0]);
    userCache.set(accountId, cached);
  }
  return cached;
}

let lastHeight = -1;
function reportHeight() {
  const height = Math.ceil(document.body.scrollHeight);
  if (height === lastHeight) return;
  lastHeight = height;
  post({ type: 'preview:height', root: boot.root, height });
}

setGlobalTheme({ light: 'light', colorMode: 'light' }).catch(() => undefined);

const bridge = createBridge({
  moduleKey: boot.moduleKey,
  context: boot.context,
  container,
  show: boot.root === 'config' ? 'MacroConfig' : 'Root',
  invoke: (functionKey, payload) =>
    postJson('/api/invoke', {
      site: boot.site,
      moduleKey: boot.moduleKey,
      functionKey,
      payload,
      as: boot.as,
      contentId: boot.contentId,
      locale: boot.context.locale,
      config: (boot.context.extension as { config?: unknown } | undefined)?.config,
    }),
  onError: log,
  onConfigChange: (config) => {
    post({ type: 'preview:config', config });
  },
  resolveUser,
  searchUsers: (query) => getUsers(`query=${encodeURIComponent(query)}`),
  onModalChange: (open) => {
    post({ type: 'preview:modal', root: boot.root, open });
  },
  onRender: reportHeight,
  // Signed-in people only: anonymous visitors are never asked.
  ...(boot.as === 'anonymous' || boot.as === ''
    ? {}
    : {
        grantConsent: async () => {
          await postJson('/api/consent', { site: boot.site, as: boot.as });
          // Like the product after consent: the module starts again, now allowed to ask.
          window.location.reload();
        },
      }),
});

window.addEventListener('error', (event) => {
  bridge.report({
    message: `Uncaught error: ${event.message}`,
    detail: event.error instanceof Error ? event.error.stack : undefined,
    source: 'app',
  });
});
window.addEventListener('unhandledrejection', (event) => {
  const reason: unknown = event.reason;
  bridge.report({
    message: `Unhandled rejection: ${reason instanceof Error ? reason.message : String(reason)}`,
    detail: reason instanceof Error ? reason.stack : undefined,
    source: 'app',
  });
});

new ResizeObserver(reportHeight).observe(document.body);
new MutationObserver(reportHeight).observe(document.body, { subtree: true, childList: true });

if (boot.root === 'config') {
  // A macro without `ForgeReconciler.addConfig` never sends a MacroConfig root.
  setTimeout(() => {
    if (bridge.latest('MacroConfig')) return;
    const note = document.getElementById('preview-note');
    if (note) note.textContent = 'This macro has no configuration (no ForgeReconciler.addConfig).';
    reportHeight();
  }, 1500);
}
