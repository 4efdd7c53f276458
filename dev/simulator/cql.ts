// The CQL subset the app uses: fields type, space (space.key), space.id, label, id, ancestor;
// operators =, !=, IN, NOT IN; AND, OR and parentheses. Anything else is a 400, as Confluence
// answers a query it cannot parse, so an app that drifts outside the subset fails loudly.
import { CONTENT_TYPES, type FixtureContent } from './fixture';
import { HttpError } from './http';
import type { SiteModel } from './model';

export type Predicate = (c: FixtureContent) => boolean;

type Token =
  | { t: 'word'; v: string }
  | { t: 'string'; v: string }
  | { t: 'op'; v: '=' | '!=' }
  | { t: '(' }
  | { t: ')' }
  | { t: ',' };

const CONTENT_TYPE_SET: ReadonlySet<string> = new Set(CONTENT_TYPES);
const FIELDS = new Set(['type', 'space', 'space.key', 'space.id', 'label', 'id', 'ancestor']);

function cqlError(cql: string, why: string): HttpError {
  return new HttpError(
    400,
    `com.atlassian.confluence.api.service.exceptions.BadRequestException: Could not parse cql : ${cql} (${why})`,
  );
}

function tokenize(cql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < cql.length) {
    const ch = cql.charAt(i);
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '(' || ch === ')' || ch === ',') {
      tokens.push({ t: ch });
      i++;
    } else if (ch === '=') {
      tokens.push({ t: 'op', v: '=' });
      i++;
    } else if (ch === '!' && cql.charAt(i + 1) === '=') {
      tokens.push({ t: 'op', v: '!=' });
      i += 2;
    } else if (ch === '"' || ch === "'") {
      let j = i + 1;
      let v = '';
      while (j < cql.length && cql.charAt(j) !== ch) {
        if (cql.charAt(j) === '\\' && j + 1 < cql.length) j++;
        v += cql.charAt(j);
        j++;
      }
      if (j >= cql.length) throw cqlError(cql, 'unterminated string');
      tokens.push({ t: 'string', v });
      i = j + 1;
    } else {
      const m = /^[A-Za-z0-9_.\-:]+/.exec(cql.slice(i));
      if (!m) throw cqlError(cql, `unexpected character "${ch}"`);
      tokens.push({ t: 'word', v: m[0] });
      i += m[0].length;
    }
  }
  return tokens;
}

class Parser {
  private pos = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly cql: string,
    private readonly model: SiteModel,
  ) {}

  private peek(): Token | undefined {
    return this.tokens[this.pos];
  }

  private keyword(word: string): boolean {
    const tok = this.peek();
    if (tok?.t === 'word' && tok.v.toUpperCase() === word) {
      this.pos++;
      return true;
    }
    return false;
  }

  private fail(why: string): HttpError {
    return cqlError(this.cql, why);
  }

  parse(): Predicate {
    const p = this.or();
    const rest = this.peek();
    if (rest)
      throw this.fail(`unexpected "${rest.t === 'word' || rest.t === 'string' ? rest.v : rest.t}"`);
    return p;
  }

  private or(): Predicate {
    const parts = [this.and()];
    while (this.keyword('OR')) parts.push(this.and());
    return parts.length === 1 ? parts[0]! : (c) => parts.some((p) => p(c));
  }

  private and(): Predicate {
    const parts = [this.primary()];
    while (this.keyword('AND')) parts.push(this.primary());
    return parts.length === 1 ? parts[0]! : (c) => parts.every((p) => p(c));
  }

  private primary(): Predicate {
    const tok = this.peek();
    if (tok?.t === '(') {
      this.pos++;
      const inner = this.or();
      if (this.peek()?.t !== ')') throw this.fail('missing ")"');
      this.pos++;
      return inner;
    }
    return this.clause();
  }

  private value(): string {
    const tok = this.peek();
    if (tok?.t === 'word' || tok?.t === 'string') {
      this.pos++;
      return tok.v;
    }
    throw this.fail('expected a value');
  }

  private clause(): Predicate {
    const fieldTok = this.peek();
    if (fieldTok?.t !== 'word') throw this.fail('expected a field');
    const field = fieldTok.v.toLowerCase();
    if (!FIELDS.has(field)) throw this.fail(`unsupported field "${fieldTok.v}"`);
    this.pos++;
    let negate = false;
    let values: string[];
    const opTok = this.peek();
    if (opTok?.t === 'op') {
      this.pos++;
      negate = opTok.v === '!=';
      values = [this.value()];
    } else {
      if (this.keyword('NOT')) negate = true;
      if (!this.keyword('IN')) throw this.fail(`unsupported operator after "${fieldTok.v}"`);
      if (this.peek()?.t !== '(') throw this.fail('IN needs a parenthesised list');
      this.pos++;
      values = [this.value()];
      while (this.peek()?.t === ',') {
        this.pos++;
        values.push(this.value());
      }
      if (this.peek()?.t !== ')') throw this.fail('missing ")"');
      this.pos++;
    }
    const match = this.matcher(field, new Set(values));
    return negate ? (c) => !match(c) : match;
  }

  private matcher(field: string, values: ReadonlySet<string>): Predicate {
    const model = this.model;
    switch (field) {
      case 'type':
        for (const v of values) {
          if (!CONTENT_TYPE_SET.has(v)) throw this.fail(`unsupported type "${v}"`);
        }
        return (c) => values.has(c.type);
      case 'space':
      case 'space.key':
        return (c) => values.has(model.spacesById.get(c.spaceId)?.key ?? '');
      case 'space.id':
        return (c) => values.has(c.spaceId);
      case 'label':
        return (c) => c.labels.some((l) => values.has(l));
      case 'id':
        return (c) => values.has(c.id);
      case 'ancestor':
        return (c) => model.ancestors(c).some((a) => values.has(a.id));
      default:
        throw this.fail(`unsupported field "${field}"`);
    }
  }
}

export function parseCql(cql: string, model: SiteModel): Predicate {
  if (cql.trim() === '') throw cqlError(cql, 'empty query');
  return new Parser(tokenize(cql), cql, model).parse();
}
