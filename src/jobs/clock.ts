/**
 * The audit job's sense of time. Pacing, ETAs and schedules read it; production uses the wall
 * clock. Tests and the benchmark point it at the local platform's virtual queue clock, so an
 * audit paced over several simulated hours runs in seconds and asserts no wall-clock time.
 */
export const jobClock: { now: () => number } = { now: () => Date.now() };
