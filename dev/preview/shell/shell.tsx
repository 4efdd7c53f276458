/**
 * The preview's stand-in for a Confluence page view: the demo site's page tree, the page with
 * the Access Lens macro in its body, the macro-config panel, the app's settings page, a site
 * switcher (legacy space permissions or space roles), an identity switcher, a language switch
 * (the viewer's locale, which the views read from their context), and a panel for the
 * app's background jobs (queue deliveries, scheduled triggers run on demand, job errors). Each
 * app module runs in its own frame (as UI Kit apps do in the product), so switching site,
 * identity, page or config simply re-runs it.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import Avatar from '@atlaskit/avatar';
import Button from '@atlaskit/button/new';
import Lozenge from '@atlaskit/lozenge';
import { setGlobalTheme } from '@atlaskit/tokens';
import type { JobActivity, JobsStatus, SiteContent, SiteInfo } from '../api';
import type { FrameMessage } from '../host/frame';
import './shell.css';

interface Location {
  readonly site: string;
  readonly as: string;
  /** A page id, or the key of a non-macro module (the settings page). */
  readonly page?: string;
  readonly module?: string;
  /** The viewer's language (`de-DE`…): the views' context `locale`. */
  readonly locale: string;
}

function readLocation(defaultSite: string, defaultLocale: string): Location {
  const params = new URLSearchParams(window.location.search);
  return {
    site: params.get('site') ?? defaultSite,
    as: params.get('as') ?? 'anonymous',
    locale: params.get('locale') ?? defaultLocale,
    page: params.get('page') ?? undefined,
    module: params.get('module') ?? undefined,
  };
}

function writeLocation(location: Location) {
  const params = new URLSearchParams({ site: location.site, as: location.as });
  if (location.module) params.set('module', location.module);
  else if (location.page) params.set('page', location.page);
  params.set('locale', location.locale);
  window.history.replaceState(null, '', `/?${params.toString()}`);
}

function frameUrl(moduleKey: string, root: 'main' | 'config', location: Location, config?: object) {
  const params = new URLSearchParams({
    site: location.site,
    root,
    as: location.as,
    locale: location.locale,
  });
  if (location.page && !location.module) params.set('page', location.page);
  if (config && Object.keys(config).length > 0) params.set('config', JSON.stringify(config));
  return `/frame/${encodeURIComponent(moduleKey)}?${params.toString()}`;
}

/** An app frame that takes the height its content reports. */
function ModuleFrame({
  src,
  name,
  title,
}: {
  readonly src: string;
  readonly name: string;
  readonly title: string;
}) {
  const ref = useRef<HTMLIFrameElement>(null);
  const [height, setHeight] = useState(80);
  const [modal, setModal] = useState(false);
  useEffect(() => {
    const onMessage = (event: MessageEvent<FrameMessage>) => {
      if (event.source !== ref.current?.contentWindow) return;
      if (event.data.type === 'preview:height') setHeight(Math.max(40, event.data.height));
      if (event.data.type === 'preview:modal') setModal(event.data.open);
    };
    window.addEventListener('message', onMessage);
    return () => {
      window.removeEventListener('message', onMessage);
    };
  }, []);
  return (
    <iframe
      ref={ref}
      src={src}
      name={name}
      title={title}
      className="module-frame"
      style={{ height: modal ? Math.max(height, 640) : height }}
    />
  );
}

/** "Deutsch (de-DE)": each language in its own words, so a reader finds theirs. */
function languageName(code: string): string {
  try {
    const name = new Intl.DisplayNames([code], { type: 'language' }).of(code);
    return name === undefined || name === code ? code : `${name} (${code})`;
  } catch {
    return code;
  }
}

function buildTree(content: readonly SiteContent[]) {
  const children = new Map<string | null, SiteContent[]>();
  for (const item of content) {
    const list = children.get(item.parentId) ?? [];
    list.push(item);
    children.set(item.parentId, list);
  }
  return children;
}

function PageTree({
  site,
  current,
  onOpen,
}: {
  readonly site: SiteInfo;
  readonly current?: string;
  readonly onOpen: (id: string) => void;
}) {
  const children = useMemo(() => buildTree(site.content), [site]);
  const renderItems = (parentId: string | null, spaceId: string): ReactNode => {
    const items = (children.get(parentId) ?? []).filter((item) => item.spaceId === spaceId);
    if (items.length === 0) return null;
    return (
      <ul>
        {items.map((item) => (
          <li key={item.id}>
            {item.type === 'folder' ? (
              <span className="tree-folder">{item.title}</span>
            ) : (
              <a
                href={`/?page=${item.id}`}
                data-page-id={item.id}
                className={`tree-${item.type}${item.id === current ? ' current' : ''}`}
                onClick={(event) => {
                  event.preventDefault();
                  onOpen(item.id);
                }}
              >
                {item.title}
              </a>
            )}
            {renderItems(item.id, spaceId)}
          </li>
        ))}
      </ul>
    );
  };
  return (
    <nav className="tree" aria-label="Page tree">
      {site.spaces.map((space) => (
        <section key={space.id}>
          <h3>
            <span className="space-key">{space.key}</span> {space.name}
          </h3>
          {renderItems(null, space.id)}
        </section>
      ))}
    </nav>
  );
}

function Breadcrumbs({ site, page }: { readonly site: SiteInfo; readonly page: SiteContent }) {
  const byId = new Map(site.content.map((item) => [item.id, item]));
  const trail: SiteContent[] = [];
  for (let at = page.parentId; at !== null;) {
    const parent = byId.get(at);
    if (!parent) break;
    trail.unshift(parent);
    at = parent.parentId;
  }
  const space = site.spaces.find((s) => s.id === page.spaceId);
  return (
    <div className="breadcrumbs">
      {[space?.name ?? '', ...trail.map((item) => item.title)].join('  /  ')}
    </div>
  );
}

function JobLine({ item }: { readonly item: JobActivity }) {
  const appearance = {
    ok: 'success',
    retry: 'moved',
    error: 'removed',
    failed: 'removed',
  } as const;
  return (
    <li className={`job-line job-${item.outcome}`}>
      <Lozenge appearance={appearance[item.outcome]}>{item.outcome}</Lozenge>{' '}
      <span className="job-name">{item.name}</span>
      {item.message === undefined ? null : <div className="job-message">{item.message}</div>}
    </li>
  );
}

function triggerLabel(key: string): string {
  // `audit-schedule` → "Run scheduled audit now"; other keys keep their name.
  const match = /^(.+)-schedule$/.exec(key);
  return match?.[1] ? `Run scheduled ${match[1]} now` : `Run ${key} now`;
}

/**
 * The app's background work on this site: the manifest's queue consumers fed by a delivery loop,
 * its scheduled triggers (run here on demand, not on their interval), and every job error.
 */
function JobsPanel({ site }: { readonly site: string }) {
  const [status, setStatus] = useState<JobsStatus | null>(null);
  const [note, setNote] = useState<{ text: string; error: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    try {
      const response = await fetch(`/api/jobs?site=${encodeURIComponent(site)}`);
      if (!response.ok) throw new Error(`HTTP ${String(response.status)}`);
      setStatus((await response.json()) as JobsStatus);
      setFailed(null);
    } catch (error) {
      setFailed(`The preview server did not answer: ${String(error)}`);
    }
  }, [site]);

  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), 1000);
    return () => {
      clearInterval(timer);
    };
  }, [refresh]);

  const post = async (url: string, body: object, describe: (answer: unknown) => string) => {
    setBusy(true);
    setNote(null);
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const answer = (await response.json()) as { result?: unknown; error?: string };
      setNote(
        response.ok
          ? { text: describe(answer), error: false }
          : { text: answer.error ?? `HTTP ${String(response.status)}`, error: true },
      );
    } catch (error) {
      setNote({ text: String(error), error: true });
    } finally {
      setBusy(false);
      void refresh();
    }
  };

  const state =
    status === null
      ? 'Loading…'
      : status.running || status.due > 0
        ? `Delivering: ${String(status.pending)} event(s) queued`
        : status.pending > 0
          ? `${String(status.pending)} event(s) waiting; next in ${String(status.nextDueInSeconds ?? 0)} s`
          : 'Idle: no queued events';

  return (
    <section className="jobs" aria-label="Background jobs" data-testid="jobs-panel">
      <h2>
        Background jobs{' '}
        {status !== null && status.errors.length > 0 ? (
          <Lozenge appearance="removed">{`${String(status.errors.length)} error(s)`}</Lozenge>
        ) : null}
      </h2>
      <p className="hint">
        Queue consumers run as the app, paced so progress shows.
        {status?.persisted === true ? ' Storage and waiting events persist.' : ''}
      </p>
      <p className="jobs-state" data-testid="jobs-state">
        {state}
      </p>
      {failed === null ? null : <p className="jobs-error">{failed}</p>}
      <div className="jobs-actions">
        {(status?.triggers ?? []).map((trigger) => (
          <Button
            key={trigger.key}
            isDisabled={busy}
            onClick={() => {
              void post(
                '/api/jobs/trigger',
                { site, key: trigger.key },
                (answer) =>
                  `${trigger.key} returned ${JSON.stringify((answer as { result?: unknown }).result ?? null)}`,
              );
            }}
          >
            {triggerLabel(trigger.key)}
          </Button>
        ))}
        {status !== null && status.pending > 0 && status.due === 0 && !status.running ? (
          <Button
            appearance="subtle"
            isDisabled={busy}
            onClick={() => {
              void post('/api/jobs/skip', {}, (answer) => {
                const seconds = (answer as { skippedSeconds?: number }).skippedSeconds ?? 0;
                return `Skipped ${String(seconds)} s of waiting`;
              });
            }}
          >
            Skip the wait
          </Button>
        ) : null}
      </div>
      {(status?.triggers ?? []).length > 0 ? (
        <p className="hint">
          {status?.triggers
            .map((t) => `${t.key} (${t.functionKey}) runs every ${t.interval} in Forge`)
            .join('; ')}
          ; here, when you click.
        </p>
      ) : null}
      {note === null ? null : (
        <p className={note.error ? 'jobs-error' : 'jobs-note'} data-testid="jobs-note">
          {note.text}
        </p>
      )}
      {status !== null && status.errors.length > 0 ? (
        <div className="jobs-errors" role="alert">
          <strong>Job errors</strong> (also printed in the terminal)
          <ul>
            {status.errors.slice(0, 5).map((item, index) => (
              <JobLine key={`${item.at}-${String(index)}`} item={item} />
            ))}
          </ul>
        </div>
      ) : null}
      {status !== null && status.recent.length > 0 ? (
        <>
          <h3>Recent</h3>
          <ul className="job-list">
            {status.recent.slice(0, 6).map((item, index) => (
              <JobLine key={`${item.at}-${String(index)}`} item={item} />
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

function Shell({
  site,
  initial,
  onSwitchSite,
}: {
  readonly site: SiteInfo;
  readonly initial: Location;
  readonly onSwitchSite: (next: Location) => void;
}) {
  const [location, setLocation] = useState<Location>(() =>
    initial.page || initial.module ? initial : { ...initial, page: site.content[0]?.id },
  );
  const [configs, setConfigs] = useState<Record<string, Record<string, unknown>>>({});
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);

  const go = useCallback((next: Location) => {
    setLocation(next);
    writeLocation(next);
  }, []);

  useEffect(() => {
    writeLocation(location);
    // Only the first render: later changes go through go().
  }, []);

  const macro = site.modules.find((m) => m.type === 'macro');
  const pages = site.modules.filter((m) => m.type !== 'macro');
  const page = location.module ? undefined : site.content.find((c) => c.id === location.page);
  const pageConfig = page ? configs[page.id] : undefined;

  // The config panel starts from the saved config and then owns it: it is not re-run on its own edits.
  const configAtOpen = useMemo(
    () => (page ? configs[page.id] : undefined),
    // Only a new page or identity re-opens the panel.
    [page?.id, location.as],
  );

  useEffect(() => {
    const onMessage = (event: MessageEvent<FrameMessage>) => {
      if (event.origin !== window.location.origin || event.data.type !== 'preview:config') return;
      const config = event.data.config;
      const pageId = page?.id;
      if (!pageId) return;
      // Typing in a config field should not re-run the macro on every key.
      if (pending.current) clearTimeout(pending.current);
      pending.current = setTimeout(() => {
        setConfigs((all) => ({ ...all, [pageId]: config }));
      }, 300);
    };
    window.addEventListener('message', onMessage);
    return () => {
      window.removeEventListener('message', onMessage);
    };
  }, [page?.id]);

  const identity = site.identities.find((i) => i.as === location.as);
  // A new person or language runs every module again, as the product reloads its frames.
  const frameKey = `${site.site}|${location.as}|${location.locale}`;

  return (
    <div className="shell" data-site={site.site}>
      <header className="topbar">
        <span className="logo">Confluence</span>
        <span className="site">{site.name}</span>
        <span className="badge">Access Lens local preview</span>
        <span className="spacer" />
        {pages.map((module) => (
          <a
            key={module.key}
            href={`/?site=${site.site}&module=${module.key}`}
            data-module-link={module.key}
            className={location.module === module.key ? 'top-link current' : 'top-link'}
            onClick={(event) => {
              event.preventDefault();
              go({ site: site.site, as: location.as, locale: location.locale, module: module.key });
            }}
          >
            {module.title} settings
          </a>
        ))}
        <label className="switcher">
          <span className="switcher-label">Site</span>
          <select
            data-testid="site"
            value={site.site}
            onChange={(event) => {
              onSwitchSite({ ...location, site: event.target.value });
            }}
          >
            {site.sites.map((option) => (
              <option key={option.id} value={option.id}>
                {option.label}
              </option>
            ))}
          </select>
        </label>
        <label className="switcher">
          <span className="switcher-label">Language</span>
          <select
            data-testid="locale"
            value={location.locale}
            onChange={(event) => {
              go({ ...location, locale: event.target.value });
            }}
          >
            {(site.locales.includes(location.locale)
              ? site.locales
              : [...site.locales, location.locale]
            ).map((code) => (
              <option key={code} value={code}>
                {languageName(code)}
              </option>
            ))}
          </select>
        </label>
        <label className="identity">
          <Avatar size="small" name={identity?.label} />
          <span className="visually-hidden">Viewing as</span>
          <select
            data-testid="identity"
            value={location.as}
            onChange={(event) => {
              go({ ...location, as: event.target.value });
            }}
          >
            {site.identities.map((option) => (
              <option key={option.as} value={option.as}>
                {option.label}
                {option.note ? ` (${option.note})` : ''}
              </option>
            ))}
          </select>
        </label>
      </header>
      <div className="body">
        <aside className="sidebar">
          <PageTree
            site={site}
            current={page?.id}
            onOpen={(id) => {
              go({ site: site.site, as: location.as, locale: location.locale, page: id });
            }}
          />
        </aside>
        <main className="content">
          {page && macro ? (
            <article className="page" data-page-id={page.id}>
              <Breadcrumbs site={site} page={page} />
              <h1 className="page-title">{page.title}</h1>
              <p className="page-meta">
                Viewing as <strong>{identity?.label ?? location.as}</strong>
                {identity?.note ? (
                  <>
                    {' '}
                    · <Lozenge>{identity.note}</Lozenge>
                  </>
                ) : null}{' '}
                · space access by{' '}
                <Lozenge appearance="new">
                  {site.roleMode === 'PRE_ROLES'
                    ? 'space permissions'
                    : site.roleMode === 'ROLES'
                      ? 'space roles'
                      : 'roles and permissions (transition)'}
                </Lozenge>
              </p>
              <p>
                This is a page of the simulated <em>{site.name}</em> site. Below is the{' '}
                <strong>{macro.title}</strong> macro, rendered by the app&apos;s UI Kit code with
                Atlassian&apos;s components and answered by its real resolvers.
              </p>
              <div className="macro" data-macro={macro.key}>
                <div className="macro-label">{macro.title} macro</div>
                <ModuleFrame
                  key={`${page.id}|${frameKey}|${JSON.stringify(pageConfig ?? {})}`}
                  name={macro.key}
                  title={`${macro.title} macro`}
                  src={frameUrl(macro.key, 'main', location, pageConfig)}
                />
              </div>
            </article>
          ) : null}
          {location.module
            ? pages
                .filter((module) => module.key === location.module)
                .map((module) => (
                  <article className="page" key={module.key} data-module={module.key}>
                    <div className="breadcrumbs">Confluence administration / Apps</div>
                    <h1 className="page-title">{module.title}</h1>
                    <ModuleFrame
                      key={`${module.key}|${frameKey}`}
                      name={module.key}
                      title={module.title}
                      src={frameUrl(module.key, 'main', location)}
                    />
                  </article>
                ))
            : null}
          {!page && !location.module ? <p className="page">Pick a page on the left.</p> : null}
        </main>
        <aside className="config" aria-label="Page tools">
          {page && macro?.hasConfig ? (
            <section aria-label="Macro configuration">
              <h2>Macro configuration</h2>
              <p className="hint">Changes apply to this page&apos;s macro.</p>
              <ModuleFrame
                key={`${page.id}|${frameKey}|config`}
                name={`${macro.key}-config`}
                title={`${macro.title} configuration`}
                src={frameUrl(macro.key, 'config', location, configAtOpen)}
              />
            </section>
          ) : null}
          <JobsPanel key={site.site} site={site.site} />
        </aside>
      </div>
    </div>
  );
}

async function loadSite(id: string | undefined): Promise<SiteInfo> {
  const response = await fetch(
    `/api/site${id === undefined ? '' : `?site=${encodeURIComponent(id)}`}`,
  );
  if (!response.ok) {
    const answer = (await response.json().catch(() => ({}))) as { error?: string };
    throw new Error(answer.error ?? `HTTP ${String(response.status)}`);
  }
  return (await response.json()) as SiteInfo;
}

/** Holds the current site; switching fetches the other site and re-mounts the shell on it. */
function App({ first, initial }: { readonly first: SiteInfo; readonly initial: Location }) {
  const [current, setCurrent] = useState({ site: first, location: initial });
  const [error, setError] = useState<string | null>(null);
  const switchSite = useCallback((next: Location) => {
    loadSite(next.site)
      .then((site) => {
        // The same person and page where the other site has them (the demo sites share both).
        const as = site.identities.some((i) => i.as === next.as) ? next.as : 'anonymous';
        const page =
          next.page !== undefined && site.content.some((c) => c.id === next.page)
            ? next.page
            : undefined;
        const location: Location = {
          site: site.site,
          as,
          locale: next.locale,
          ...(next.module === undefined ? {} : { module: next.module }),
          ...(page === undefined ? {} : { page }),
        };
        writeLocation(location);
        setError(null);
        setCurrent({ site, location });
      })
      .catch((cause: unknown) => {
        setError(`Could not switch to site ${next.site}: ${String(cause)}`);
      });
  }, []);
  return (
    <>
      {error === null ? null : (
        <div className="shell-error" role="alert">
          {error}
        </div>
      )}
      <Shell
        key={current.site.site}
        site={current.site}
        initial={current.location}
        onSwitchSite={switchSite}
      />
    </>
  );
}

async function main() {
  await setGlobalTheme({ light: 'light', colorMode: 'light' }).catch(() => undefined);
  const container = document.getElementById('root');
  if (!container) return;
  const requested = new URLSearchParams(window.location.search).get('site') ?? undefined;
  const site = await loadSite(requested);
  createRoot(container).render(
    <App first={site} initial={readLocation(site.site, site.defaultLocale)} />,
  );
}

main().catch((error: unknown) => {
  document.body.textContent = `The preview shell failed: ${String(error)}`;
});
