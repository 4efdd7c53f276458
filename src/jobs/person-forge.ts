/**
 * The person job's real adapters (as forge-adapters.ts builds the audit's): KVS for the store,
 * the `@forge/events` queue of `person-consumer`, the platform's clock (clock.ts) and Confluence
 * as the app. Built per invocation, so the platform's clock is read when the platform calls.
 */
import { Queue } from '@forge/events';
import type { AsyncEvent } from '@forge/events';
import { forgeTransport } from '../confluence/forge-transport';
import * as personReach from '../storage/person-reach';
import { platformClock } from './clock';
import { PERSON_QUEUE, createPersonJob } from './person-job';
import type { PersonJob, PersonJobPorts } from './person-job';

/** KVS behind the store port: the storage module's own functions (person-job.ts picks them). */
export const kvsPersonStore: PersonJobPorts['store'] = personReach;

export function forgePersonPorts(): PersonJobPorts {
  const queue = new Queue({ key: PERSON_QUEUE });
  return {
    clock: platformClock(),
    queue: { push: (event) => queue.push(event) },
    store: kvsPersonStore,
    appTransport: () => forgeTransport('app'),
  };
}

export function forgePersonJob(): PersonJob {
  return createPersonJob(forgePersonPorts());
}

/** The person queue's consumer (manifest `consumer` → `index.personWorker`). */
export function personWorker(event: AsyncEvent): Promise<void> {
  return forgePersonJob().worker(event);
}
