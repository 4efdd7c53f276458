/**
 * The clock the Forge entry points hand the audit job (and the admin resolvers, for ETAs).
 *
 * The job logic never reads a clock of its own: it is given one (`AuditJobPorts.clock`). Only the
 * entry points, which the platform calls by name from the manifest and so cannot be handed
 * anything, ask `platformClock()`: the wall clock and real timers, unless the platform the app
 * runs on has installed another. On Forge nothing installs one. The local platform's users (the
 * test harness, the preview, `npm run invoke`, the benchmark) install the queues' virtual clock,
 * so an audit paced over several simulated hours runs in seconds and asserts no wall-clock time,
 * much as the local platform installs `__forge_fetch__` for `@forge/api`.
 */
import type { JobClock } from './ports';

export const systemClock: JobClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

let installed: JobClock | undefined;

/** The platform's clock: the installed one, else the wall clock. */
export function platformClock(): JobClock {
  return installed ?? systemClock;
}

/**
 * Installs the clock the entry points give the job from now on; returns the function that puts
 * back the one before (for a test suite's teardown).
 */
export function installPlatformClock(clock: JobClock): () => void {
  const previous = installed;
  installed = clock;
  return () => {
    installed = previous;
  };
}
