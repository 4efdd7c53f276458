// Injected latency and failures, deterministic from a seed so a test that asserts "3 retries"
// gets the same failures every run.
import { z } from 'zod';

export const faultRuleSchema = z.strictObject({
  /** Regular expression tested against the request path including its query string. */
  path: z.string().min(1),
  action: z.union([
    /** A refusal Confluence gives for reasons the model does not hold (a scope not granted). */
    z.literal(403),
    z.literal(429),
    z.literal(500),
    z.literal(503),
    z.literal('hang'),
    z.literal('truncate'),
  ]),
  /** Only requests with this method (default: any). */
  method: z.string().optional(),
  /** Fire for the first N matching requests only (default: every one). */
  times: z.number().int().positive().optional(),
  /**
   * For `action: 429`: answer as the points pool being empty (`quota`: `RateLimit-Reason`, `r=0`,
   * `Retry-After` to the window's end) or as the burst limiter (`burst`). Default: neither, a bare
   * 429 with `Retry-After: 1`.
   */
  rateLimit: z.union([z.literal('quota'), z.literal('burst')]).optional(),
});

export const faultConfigSchema = z.strictObject({
  latencyMs: z.number().nonnegative().optional(),
  latencyJitterMs: z.number().nonnegative().optional(),
  /** Probability (0..1) that a request fails with one of `errorStatuses`. */
  errorRate: z.number().min(0).max(1).optional(),
  errorStatuses: z
    .array(z.union([z.literal(500), z.literal(503)]))
    .min(1)
    .optional(),
  seed: z.number().int().optional(),
  rules: z.array(faultRuleSchema).optional(),
});

export type FaultRule = z.infer<typeof faultRuleSchema>;
export type FaultConfig = z.infer<typeof faultConfigSchema>;

export type FaultDecision =
  | { kind: 'none' }
  | { kind: 'status'; status: 403 | 429 | 500 | 503; rateLimit?: 'quota' | 'burst' }
  | { kind: 'hang' }
  | { kind: 'truncate' };

/** mulberry32: tiny, seedable, good enough to pick which requests fail. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface CompiledRule {
  rule: FaultRule;
  regex: RegExp;
  fired: number;
}

export class Faults {
  private config: FaultConfig = {};
  private rules: CompiledRule[] = [];
  private errorRandom: () => number = mulberry32(1);
  private latencyRandom: () => number = mulberry32(2);

  constructor(config: FaultConfig = {}) {
    this.set(config);
  }

  /** Replaces the whole configuration (and restarts the seeded sequences). */
  set(config: FaultConfig): void {
    const parsed = faultConfigSchema.parse(config);
    const rules = (parsed.rules ?? []).map((rule) => ({
      rule,
      regex: new RegExp(rule.path),
      fired: 0,
    }));
    this.config = parsed;
    this.rules = rules;
    const seed = parsed.seed ?? 1;
    this.errorRandom = mulberry32(seed);
    this.latencyRandom = mulberry32(seed ^ 0x5bd1e995);
  }

  get(): FaultConfig {
    return this.config;
  }

  latencyMs(): number {
    const base = this.config.latencyMs ?? 0;
    const jitter = this.config.latencyJitterMs ?? 0;
    return jitter > 0 ? base + this.latencyRandom() * jitter : base;
  }

  decide(method: string, pathAndQuery: string): FaultDecision {
    for (const r of this.rules) {
      if (r.rule.method !== undefined && r.rule.method.toUpperCase() !== method.toUpperCase())
        continue;
      if (!r.regex.test(pathAndQuery)) continue;
      if (r.rule.times !== undefined && r.fired >= r.rule.times) continue;
      r.fired++;
      const action = r.rule.action;
      if (action === 'hang') return { kind: 'hang' };
      if (action === 'truncate') return { kind: 'truncate' };
      const rateLimit = action === 429 ? r.rule.rateLimit : undefined;
      return { kind: 'status', status: action, ...(rateLimit === undefined ? {} : { rateLimit }) };
    }
    const rate = this.config.errorRate ?? 0;
    if (rate > 0 && this.errorRandom() < rate) {
      const statuses = this.config.errorStatuses ?? [500, 503];
      const pick = statuses[Math.floor(this.errorRandom() * statuses.length)] ?? 500;
      return { kind: 'status', status: pick };
    }
    return { kind: 'none' };
  }
}
