/**
 * Comments cite the project's own docs by section ("docs/ARCHITECTURE.md, "Re-audits""); a
 * citation of a section that does not exist sends a reader nowhere. Every citation in src, dev
 * and test must name a heading of the file it cites, including citations a comment wraps over
 * two lines.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(__dirname, '..', '..');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name.startsWith('.')) return [];
    if (statSync(path).isDirectory()) return filesUnder(path);
    return /\.(ts|tsx|yml|mjs)$/u.test(name) ? [path] : [];
  });
}

function headingsOf(doc: string): Set<string> {
  const text = readFileSync(join(root, 'docs', doc), 'utf8');
  return new Set(
    text
      .split('\n')
      .filter((line) => /^#{1,6} /u.test(line))
      .map((line) => line.replace(/^#+ /u, '').trim()),
  );
}

/** A comment's text with the line breaks and comment markers a wrap puts inside a citation. */
const unwrapped = (source: string) => source.replace(/\s*\n\s*(?:\*(?!\/)|\/\/|#)?\s*/gu, ' ');

interface Citation {
  readonly file: string;
  readonly doc: string;
  readonly section: string;
}

function citations(): Citation[] {
  const found: Citation[] = [];
  for (const file of ['src', 'dev', 'test'].flatMap((dir) => filesUnder(join(root, dir)))) {
    const text = unwrapped(readFileSync(file, 'utf8'));
    for (const match of text.matchAll(/docs\/([A-Za-z_-]+\.md),? "([^"]+)"(?: and "([^"]+)")?/gu)) {
      const [, doc = '', first = '', second] = match;
      for (const section of [first, second]) {
        if (section !== undefined) found.push({ file: relative(root, file), doc, section });
      }
    }
  }
  return found;
}

describe('citations of the docs', () => {
  const all = citations();

  it('finds the citations (so the check below can fail)', () => {
    expect(all.length).toBeGreaterThan(50);
    expect(all).toContainEqual(
      expect.objectContaining({ doc: 'ARCHITECTURE.md', section: 'Call plans and points' }),
    );
  });

  it('every cited section is a heading of the cited file', () => {
    const headings = new Map<string, Set<string>>();
    const missing = all.filter(({ doc, section }) => {
      if (!headings.has(doc)) headings.set(doc, headingsOf(doc));
      return !(headings.get(doc)?.has(section) ?? false);
    });
    expect(missing).toEqual([]);
  });
});
