/**
 * Architecture tests: the manifest, the resolver, the views and the layering agree with each
 * other. They read the source as text and load the real modules, so a rename that breaks the
 * wiring fails here rather than after `forge deploy`.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parse } from 'yaml';
import { ENDPOINTS } from '../../src/confluence/endpoints';
import type { EndpointSpec } from '../../src/confluence/endpoints';

const root = join(__dirname, '..', '..');

interface Manifest {
  modules: Record<string, { key: string; handler?: string; resource?: string; icon?: string }[]>;
  resources: { key: string; path: string }[];
  permissions?: { scopes?: string[]; external?: unknown };
}

const manifest = parse(readFileSync(join(root, 'manifest.yml'), 'utf8')) as Manifest;

function sourceFiles(dir: string): string[] {
  const abs = join(root, dir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs).flatMap((name) => {
    const path = join(abs, name);
    if (statSync(path).isDirectory()) return sourceFiles(relative(root, path));
    return /\.(ts|tsx)$/.test(name) ? [relative(root, path)] : [];
  });
}

const read = (file: string) => readFileSync(join(root, file), 'utf8');

function invokedKeys(): Set<string> {
  const keys = new Set<string>();
  for (const file of sourceFiles('src/frontend')) {
    for (const match of read(file).matchAll(
      /\b(?:invoke|callResolver|useResolver)(?:<[^>]*>)?\(\s*'([^']+)'/g,
    )) {
      keys.add(match[1]!);
    }
  }
  return keys;
}

function definedKeys(): Set<string> {
  const keys = new Set<string>();
  for (const file of sourceFiles('src/resolvers')) {
    for (const match of read(file).matchAll(/defineFunction\(\s*resolver,\s*'([^']+)'/g)) {
      keys.add(match[1]!);
    }
  }
  return keys;
}

describe('manifest ↔ code wiring', () => {
  it('finds invoke calls and resolver definitions at all', () => {
    // Guards the two scanners below against silently matching nothing.
    expect(invokedKeys().size).toBeGreaterThan(0);
    expect(definedKeys().size).toBeGreaterThan(0);
  });

  it('every invoke key in the frontend has a resolver definition', () => {
    const defined = definedKeys();
    expect([...invokedKeys()].filter((key) => !defined.has(key))).toEqual([]);
  });

  it('every resolver definition is invoked by some view', () => {
    const invoked = invokedKeys();
    expect([...definedKeys()].filter((key) => !invoked.has(key))).toEqual([]);
  });

  it('the resolver handler answers for every defined key (real @forge/resolver)', async () => {
    const { handler } = await import('../../src/index');
    for (const key of definedKeys()) {
      // A bad payload is refused before any Confluence call, so no platform is needed.
      const result = (await handler(
        { call: { functionKey: key, payload: { unexpected: true } }, context: {} },
        { principal: { accountId: 'u-1' } },
      )) as { ok: boolean; error?: { code: string } };
      expect(result).toEqual({
        ok: false,
        error: expect.objectContaining({ code: 'BAD_REQUEST' }),
      });
    }
  });

  it('every manifest handler is an exported function', async () => {
    const handlers = Object.values(manifest.modules)
      .flat()
      .flatMap((module) => (module.handler ? [module.handler] : []));
    expect(handlers.length).toBeGreaterThan(0);
    for (const handler of handlers) {
      const [file, exportName] = handler.split('.') as [string, string];
      const mod = (await import(join(root, 'src', file))) as Record<string, unknown>;
      expect(typeof mod[exportName]).toBe('function');
    }
  });

  it('every resource path exists and is used by a module, and icons point into one', () => {
    for (const resource of manifest.resources) {
      expect(existsSync(join(root, resource.path))).toBe(true);
    }
    const modules = Object.values(manifest.modules).flat();
    const used = new Set(modules.flatMap((module) => (module.resource ? [module.resource] : [])));
    for (const icon of modules.flatMap((module) => (module.icon ? [module.icon] : []))) {
      const match = /^resource:([^;]+);(.+)$/.exec(icon);
      expect(match).not.toBeNull();
      const resource = manifest.resources.find((r) => r.key === match![1]);
      expect(resource).toBeDefined();
      expect(existsSync(join(root, resource!.path, match![2]!))).toBe(true);
      used.add(resource!.key);
    }
    // forge deploy uploads every declared resource, used or not.
    expect(manifest.resources.map((r) => r.key).filter((key) => !used.has(key))).toEqual([]);
  });

  it('every module resource key names a declared resource', () => {
    const declared = new Set(manifest.resources.map((r) => r.key));
    for (const module of Object.values(manifest.modules).flat()) {
      if (module.resource) expect(declared.has(module.resource)).toBe(true);
    }
  });
});

describe('security invariants of the Forge app', () => {
  const appFiles = sourceFiles('src').filter((file) => !file.startsWith('src/cli/'));

  it('declares no egress and holds no credentials', () => {
    expect(manifest.permissions?.external).toBeUndefined();
    for (const file of appFiles) {
      const text = read(file);
      expect({ file, authorization: /['"]?authorization['"]?\s*:/i.test(text) }).toEqual({
        file,
        authorization: false,
      });
      expect({ file, token: /api[_-]?token|bearer/i.test(text) }).toEqual({ file, token: false });
    }
  });

  it('only the admin feature may construct an as-app transport', () => {
    const asAppUsers = appFiles.filter((file) => /forgeTransport\(\s*'app'\s*\)/.test(read(file)));
    for (const file of asAppUsers) expect(file).toMatch(/^src\/(resolvers\/admin|jobs\/)/);
  });

  it('the Forge transport has one literal route per catalogued endpoint, with the same path', () => {
    const transport = read('src/confluence/forge-transport.ts');
    for (const [name, spec] of Object.entries(ENDPOINTS) as [string, EndpointSpec][]) {
      const caseBlock = new RegExp(
        `case '${name}':\\s*return requester\\.requestConfluence\\(route\`([^\`]*)\``,
      ).exec(transport);
      expect({ name, found: caseBlock !== null }).toEqual({ name, found: true });
      const templated = caseBlock![1]!
        .replace(/\?\$\{query\}$/, '')
        .replace(/\$\{param\(params, '(\w+)'\)\}/g, '{$1}');
      expect({ name, path: templated }).toEqual({ name, path: spec.path });
      if (spec.method === 'POST')
        expect(transport).toMatch(new RegExp(`case '${name}':[^;]*method: 'POST'`));
    }
  });
});

describe('layering', () => {
  it('src/core and src/cli import no @forge package, src never imports dev/', () => {
    for (const file of sourceFiles('src')) {
      const text = read(file);
      if (file.startsWith('src/core/') || file.startsWith('src/cli/')) {
        expect({ file, forge: /from '@forge\//.test(text) }).toEqual({ file, forge: false });
      }
      expect({ file, dev: /from '(\.\.\/)+dev\//.test(text) }).toEqual({ file, dev: false });
    }
  });

  it('src/core imports nothing outside src/core', () => {
    const core = join(root, 'src', 'core');
    for (const file of sourceFiles('src/core')) {
      for (const match of read(file).matchAll(/from '([^']+)'/g)) {
        const target = match[1]!;
        const inside =
          target.startsWith('.') && resolve(dirname(join(root, file)), target).startsWith(core);
        expect({ file, import: target, inside }).toEqual({ file, import: target, inside: true });
      }
    }
  });

  it('the simulator never imports the app', () => {
    for (const file of sourceFiles('dev/simulator')) {
      expect({ file, app: /from '(\.\.\/)+src\//.test(read(file)) }).toEqual({ file, app: false });
    }
  });
});
