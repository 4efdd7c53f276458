import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/**
 * Which users have allowed the app to act as them, for one installation. Forge asks each user
 * once per install before the app's first `asUser()` call, and remembers the answer; until then
 * the platform's proxy refuses the call with the consent error below.
 */
export interface ConsentOptions {
  /** False: everyone counts as having consented (suites not about consent). */
  readonly required: boolean;
  /** Keeps the answers in this JSON file between runs (the preview's `--persist`). */
  readonly file?: string;
}

/** The proxy's answer before consent: `@forge/api` reads this header, not the status. */
export const CONSENT_REQUIRED_HEADERS: Readonly<Record<string, string>> = {
  'forge-proxy-error': 'NEEDS_AUTHENTICATION_ERR',
};

export class ConsentRegistry {
  private readonly granted = new Set<string>();

  constructor(private readonly options: ConsentOptions) {
    if (options.file !== undefined && existsSync(options.file)) {
      const saved: unknown = JSON.parse(readFileSync(options.file, 'utf8'));
      if (Array.isArray(saved)) {
        for (const id of saved) if (typeof id === 'string') this.granted.add(id);
      }
    }
  }

  get required(): boolean {
    return this.options.required;
  }

  hasConsented(accountId: string): boolean {
    return !this.options.required || this.granted.has(accountId);
  }

  grant(accountId: string): void {
    this.granted.add(accountId);
    this.save();
  }

  revoke(accountId: string): void {
    this.granted.delete(accountId);
    this.save();
  }

  private save(): void {
    if (this.options.file === undefined) return;
    writeFileSync(this.options.file, JSON.stringify([...this.granted].sort()));
  }
}
