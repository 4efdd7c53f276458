/**
 * The preview's stand-in for a Confluence page view: the demo site's page tree, the page with
 * the Access Lens macro in its body, the macro-config panel, the app's settings page, and an
 * identity switcher. Each app module runs in its own frame (as UI Kit apps do in the product),
 * so switching identity, page or config simply re-runs it.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import Avatar from '@atlaskit/avatar';
import Lozenge from '@atlaskit/lozenge';
import { setGlobalTheme } from '@atlaskit/tokens';
import type { SiteContent, SiteInfo } from '../api';
import type { FrameMessage } from '../host/frame';
import './shell.css';

interface Location {
  readonly as: string;
  /** A page id, or the key of a non-macro module (the settings page). */
  readonly page?: string;
  readonly module?: string;
}

function readLocation(): Location {
  const params = new URLSearchParams(window.location.search);
  return {
    as: params.get('as') ?? 'anonymous',
    page: params.get('page') ?? undefined,
    module: params.get('module') ?? undefined,
  };
}

function writeLocation(location: Location) {
  const params = new URLSearchParams({ as: location.as });
  if (location.module) params.set('module', location.module);
  else if (location.page) params.set('page', location.page);
  window.history.replaceState(null, '', `/?${params.toString()}`);
}

function frameUrl(moduleKey: string, root: 'main' | 'config', location: Location, config?: object) {
  const params = new URLSearchParams({ root, as: location.as });
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

function Shell({ site }: { readonly site: SiteInfo }) {
  const [location, setLocation] = useState<Location>(() => {
    const initial = readLocation();
    return initial.page || initial.module ? initial : { ...initial, page: site.content[0]?.id };
  });
  const [configs, setConfigs] = useState<Record<string, Record<string, unknown>>>({});
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);

  const go = useCallback((next: Location) => {
    setLocation(next);
    writeLocation(next);
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

  return (
    <div className="shell">
      <header className="topbar">
        <span className="logo">Confluence</span>
        <span className="site">{site.name}</span>
        <span className="badge">Access Lens local preview</span>
        <span className="spacer" />
        {pages.map((module) => (
          <a
            key={module.key}
            href={`/?module=${module.key}`}
            data-module-link={module.key}
            className={location.module === module.key ? 'top-link current' : 'top-link'}
            onClick={(event) => {
              event.preventDefault();
              go({ as: location.as, module: module.key });
            }}
          >
            {module.title} settings
          </a>
        ))}
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
              go({ as: location.as, page: id });
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
                ) : null}
              </p>
              <p>
                This is a page of the simulated <em>{site.name}</em> site. Below is the{' '}
                <strong>{macro.title}</strong> macro, rendered by the app&apos;s UI Kit code with
                Atlassian&apos;s components and answered by its real resolvers.
              </p>
              <div className="macro" data-macro={macro.key}>
                <div className="macro-label">{macro.title} macro</div>
                <ModuleFrame
                  key={`${page.id}|${location.as}|${JSON.stringify(pageConfig ?? {})}`}
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
                      key={`${module.key}|${location.as}`}
                      name={module.key}
                      title={module.title}
                      src={frameUrl(module.key, 'main', location)}
                    />
                  </article>
                ))
            : null}
          {!page && !location.module ? <p className="page">Pick a page on the left.</p> : null}
        </main>
        {page && macro?.hasConfig ? (
          <aside className="config" aria-label="Macro configuration">
            <h2>Macro configuration</h2>
            <p className="hint">Changes apply to this page&apos;s macro.</p>
            <ModuleFrame
              key={`${page.id}|${location.as}|config`}
              name={`${macro.key}-config`}
              title={`${macro.title} configuration`}
              src={frameUrl(macro.key, 'config', location, configAtOpen)}
            />
          </aside>
        ) : null}
      </div>
    </div>
  );
}

async function main() {
  await setGlobalTheme({ light: 'light', colorMode: 'light' }).catch(() => undefined);
  const container = document.getElementById('root');
  if (!container) return;
  const response = await fetch('/api/site');
  const site = (await response.json()) as SiteInfo;
  createRoot(container).render(<Shell site={site} />);
}

main().catch((error: unknown) => {
  document.body.textContent = `The preview shell failed: ${String(error)}`;
});
