/**
 * `src/core` has no English (docs/ARCHITECTURE.md, "Layers" and "Words and translations"): it
 * answers with reasons as data, and every sentence is made from the message catalogues by a
 * renderer in src/messages. So no string literal and no template literal text in src/core may
 * contain a space. Comments and JSDoc are not code and are not checked.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const ROOT = path.join(__dirname, '..', '..');
const CORE = path.join(ROOT, 'src', 'core');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return sourceFiles(full);
      return entry.isFile() && entry.name.endsWith('.ts') ? [full] : [];
    })
    .sort();
}

/** A string's text as the code has it: the literal's own characters, escapes and all. */
function literalTexts(node: ts.Node, source: ts.SourceFile): string[] {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [node.text];
  if (ts.isTemplateExpression(node)) {
    // `head ${…} middle ${…} tail`: every piece of text between the substitutions.
    return [node.head.text, ...node.templateSpans.map((span) => span.literal.text)];
  }
  if (ts.isJsxText(node)) return [node.getText(source)];
  return [];
}

/** `file:line: text` for every literal in `file` whose text contains a space. */
function offendersIn(file: string, text = readFileSync(file, 'utf8')): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    // Template pieces are reported once, with the whole template's line.
    const texts = literalTexts(node, source);
    if (texts.some((t) => t.includes(' '))) {
      const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
      const shown = node.getText(source).replace(/\s*\n\s*/gu, ' ');
      found.push(`${path.relative(ROOT, file)}:${String(line + 1)}: ${shown}`);
      if (ts.isTemplateExpression(node)) {
        // The substitutions may hold literals of their own.
        node.templateSpans.forEach((span) => {
          visit(span.expression);
        });
        return;
      }
    }
    // forEachChild does not walk JSDoc, and comments are trivia, not nodes.
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('no English in src/core', () => {
  const files = sourceFiles(CORE);

  it('finds the core’s sources', () => {
    expect(files.length).toBeGreaterThan(5);
  });

  it('checks what it should, and nothing else', () => {
    const sample = [
      '/** A JSDoc comment with words, and an "example string" in it. */',
      "// a line comment, 'quoted words'",
      "const ok = 'single-word';",
      "const joined = ['a', 'b'].join(',');",
      "const key = `access.${'layer'}.passes`;",
      "const spaced = 'two words';",
      'const template = `${ok} and ${joined}`;',
      'const plain = `no substitution here`;',
      "type Kind = 'a kind';",
      '/* a block comment */ const nested = `x${"inner words"}y`;',
    ].join('\n');
    expect(offendersIn(path.join(CORE, 'sample.ts'), sample)).toEqual([
      "src/core/sample.ts:6: 'two words'",
      'src/core/sample.ts:7: `${ok} and ${joined}`',
      'src/core/sample.ts:8: `no substitution here`',
      "src/core/sample.ts:9: 'a kind'",
      'src/core/sample.ts:10: "inner words"',
    ]);
  });

  it('has no string or template literal containing a space', () => {
    const offenders = files.flatMap((file) => offendersIn(file));
    if (offenders.length > 0) {
      process.stderr.write(
        `src/core has ${String(offenders.length)} literal(s) with English in them:\n${offenders.join('\n')}\n`,
      );
    }
    expect(offenders).toEqual([]);
  });
});
