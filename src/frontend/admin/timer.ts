import { createContext, useContext, useEffect, useRef } from 'react';

/**
 * The clock the admin page waits on between progress polls. Views read it from context so a test
 * can hand in a clock it advances by hand: polling is then driven step by step, never by waiting.
 */
export interface Timers {
  readonly setTimeout: (fire: () => void, delayMs: number) => unknown;
  readonly clearTimeout: (handle: unknown) => void;
}

export const realTimers: Timers = {
  setTimeout: (fire, delayMs) => setTimeout(fire, delayMs),
  clearTimeout: (handle) => {
    clearTimeout(handle as ReturnType<typeof setTimeout>);
  },
};

export const TimerContext = createContext<Timers>(realTimers);

/**
 * Calls `onFire` once, `delayMs` after the delay became defined; `undefined` means "don't wait".
 * A new delay value restarts the wait.
 */
export function useTimeout(delayMs: number | undefined, onFire: () => void): void {
  const timers = useContext(TimerContext);
  const fire = useRef(onFire);
  fire.current = onFire;
  useEffect(() => {
    if (delayMs === undefined) return undefined;
    const handle = timers.setTimeout(() => {
      fire.current();
    }, delayMs);
    return () => {
      timers.clearTimeout(handle);
    };
  }, [delayMs, timers]);
}
