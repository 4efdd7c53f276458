/**
 * The audit job's sense of time. Pacing, ETAs, schedules and the waits of the job's Confluence
 * client read it; production uses the wall clock and real timers. Tests and the benchmark point
 * it at the local platform's virtual queue clock, so an audit paced over several simulated hours
 * runs in seconds and asserts no wall-clock time.
 */
export const jobClock: { now: () => number; sleep: (ms: number) => Promise<void> } = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};
