import { parse } from 'yaml';
import type { ConsumerHandler, LocalQueues } from './queue';

/** One `consumer` module of a manifest, resolved to the function that handles it. */
export interface ManifestConsumer {
  readonly key: string;
  readonly queue: string;
  readonly functionKey: string;
  /** The function module's `handler`, e.g. `index.consumer`: file `index`, export `consumer`. */
  readonly handler: string;
  readonly file: string;
  readonly exportName: string;
}

/**
 * Reads the `consumer` modules of a manifest (YAML text or an already parsed object). Only the
 * `function:` form is supported: the `resolver: { function, method }` form is refused loudly
 * rather than delivered with a guessed payload shape.
 */
export function manifestConsumers(manifest: unknown): readonly ManifestConsumer[] {
  const parsed = (typeof manifest === 'string' ? parse(manifest) : manifest) as {
    modules?: { consumer?: unknown; function?: unknown };
  } | null;
  const modules = parsed?.modules ?? {};
  const functions = new Map<string, string>();
  for (const fn of asArray(modules.function)) {
    const { key, handler } = fn as { key?: unknown; handler?: unknown };
    if (typeof key === 'string' && typeof handler === 'string') functions.set(key, handler);
  }
  return asArray(modules.consumer).map((entry) => {
    const { key, queue, function: functionKey, resolver } = entry as Record<string, unknown>;
    if (typeof key !== 'string' || typeof queue !== 'string') {
      throw new Error('A consumer module needs a key and a queue');
    }
    if (typeof functionKey !== 'string') {
      throw new Error(
        `Consumer ${key}: only the "function:" form is supported locally${resolver === undefined ? '' : ' (not "resolver:")'}`,
      );
    }
    const handler = functions.get(functionKey);
    if (handler === undefined) {
      throw new Error(`Consumer ${key}: no function module "${functionKey}"`);
    }
    const dot = handler.lastIndexOf('.');
    if (dot <= 0)
      throw new Error(`Function ${functionKey}: handler "${handler}" is not file.export`);
    return {
      key,
      queue,
      functionKey,
      handler,
      file: handler.slice(0, dot),
      exportName: handler.slice(dot + 1),
    };
  });
}

/**
 * Registers every consumer of `manifest` on `queues`. `load(file)` returns the exports of the
 * app's module `file` (relative to the app's `src/`), so this tooling never imports the app.
 */
export function registerManifestConsumers(
  queues: LocalQueues,
  manifest: unknown,
  load: (file: string) => Record<string, unknown>,
): readonly ManifestConsumer[] {
  const consumers = manifestConsumers(manifest);
  for (const consumer of consumers) {
    const handler = load(consumer.file)[consumer.exportName];
    if (typeof handler !== 'function') {
      throw new Error(`Consumer ${consumer.key}: ${consumer.handler} is not an exported function`);
    }
    queues.registerConsumer(consumer.queue, handler as ConsumerHandler);
  }
  return consumers;
}

function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}
