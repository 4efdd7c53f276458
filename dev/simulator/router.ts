// Matches a method and path to a route template; the template doubles as the stats key.
import { v1ContentRoutes } from './routes/v1-content';
import { v1UserSearchRoutes } from './routes/v1-user-search';
import { v1UserRoutes } from './routes/v1-users';
import { v2ContentRoutes } from './routes/v2-content';
import { v2RoleRoutes } from './routes/v2-roles';
import { v2SpaceRoutes } from './routes/v2-spaces';
import { v2UserRoutes } from './routes/v2-users';
import type { Route } from './routes/types';

interface CompiledRoute {
  route: Route;
  regex: RegExp;
  names: string[];
}

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

export const ROUTES: readonly Route[] = [
  ...v2ContentRoutes,
  ...v2SpaceRoutes,
  ...v2RoleRoutes,
  ...v2UserRoutes,
  ...v1ContentRoutes,
  ...v1UserRoutes,
  ...v1UserSearchRoutes,
];

function compile(route: Route): CompiledRoute {
  const names: string[] = [];
  const pattern = route.template
    .split('/')
    .map((segment) => {
      const m = /^\{(\w+)\}$/.exec(segment);
      if (!m?.[1]) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(m[1]);
      return '([^/]+)';
    })
    .join('/');
  return { route, regex: new RegExp(`^${pattern}/?$`), names };
}

const COMPILED = ROUTES.map(compile);

/** `undefined`: no such path; `'method'`: the path exists for another method. */
export function matchRoute(method: string, pathname: string): RouteMatch | 'method' | undefined {
  let pathExists = false;
  for (const c of COMPILED) {
    const m = c.regex.exec(pathname);
    if (!m) continue;
    pathExists = true;
    if (c.route.method !== method) continue;
    const params: Record<string, string> = {};
    c.names.forEach((name, i) => {
      params[name] = decodeURIComponent(m[i + 1] ?? '');
    });
    return { route: c.route, params };
  }
  return pathExists ? 'method' : undefined;
}
