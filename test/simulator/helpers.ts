// Shared plumbing for the simulator tests: start a simulator on a free port, call it as someone.
import type { SiteFixtureInput } from '../../dev/simulator/fixture';
import {
  startSimulator,
  type RunningSimulator,
  type SimulatorOptions,
} from '../../dev/simulator/server';

export type Who =
  `user:${string}` | 'app' | 'anonymous' | { basic: [email: string, token: string] } | null;

export interface Reply {
  status: number;
  headers: Headers;
  // Tests inspect arbitrary JSON; narrowing each access would only add noise.
  body: Record<string, unknown>;
}

export function headersFor(who: Who): Record<string, string> {
  if (who === null) return {};
  if (typeof who === 'string') return { 'X-Sim-Identity': who };
  const [email, token] = who.basic;
  return { Authorization: `Basic ${Buffer.from(`${email}:${token}`).toString('base64')}` };
}

export async function call(
  sim: RunningSimulator,
  who: Who,
  path: string,
  init: { method?: string; body?: unknown } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { Accept: 'application/json', ...headersFor(who) };
  const requestInit: RequestInit = { method: init.method ?? 'GET', headers };
  if (init.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    requestInit.body = JSON.stringify(init.body);
  }
  const res = await fetch(`${sim.baseUrl}${path}`, requestInit);
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
  };
}

export function results(reply: Reply): Record<string, unknown>[] {
  return reply.body.results as Record<string, unknown>[];
}

export function ids(reply: Reply): string[] {
  return results(reply).map((r) => String(r.id));
}

/** Starts a simulator and registers its shutdown with afterAll. */
export function useSimulator(
  fixture: SiteFixtureInput,
  opts: Omit<SimulatorOptions, 'fixture'> = {},
): () => RunningSimulator {
  let sim: RunningSimulator | undefined;
  beforeAll(async () => {
    sim = await startSimulator({ fixture, ...opts });
  });
  afterAll(async () => {
    await sim?.close();
  });
  return () => {
    if (!sim) throw new Error('simulator not started');
    return sim;
  };
}

export const READ = { key: 'read', targetType: 'space' } as const;
export const CREATE_PAGE = { key: 'create', targetType: 'page' } as const;
