// A CQL subset for GET /wiki/rest/api/search: `field op value` clauses joined by AND/OR (AND binds
// tighter), parentheses, and ORDER BY. Fields: text, title, space (also space.key), type, id,
// ancestor, parent, label. Operators: = != ~ !~ and IN (...). Anything else is a parse error, which the
// server answers with a v1 400 body like Confluence ("Could not parse cql : ...").

export type CqlField = 'text' | 'title' | 'space' | 'type' | 'id' | 'ancestor' | 'parent' | 'label';
export type CqlOp = '=' | '!=' | '~' | '!~' | 'in' | 'not in';
export type CqlExpr =
  | { kind: 'clause'; field: CqlField; op: CqlOp; values: string[] }
  | { kind: 'and' | 'or'; left: CqlExpr; right: CqlExpr }
  | { kind: 'not'; expr: CqlExpr };
export interface CqlQuery { where?: CqlExpr; orderBy: { field: 'lastmodified' | 'title' | 'created' | 'id'; desc: boolean }[] }

export class CqlError extends Error {}

type Tok = { t: 'word' | 'str' | 'op' | 'lp' | 'rp' | 'comma'; v: string };

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] ?? '';
    if (/\s/.test(c)) { i++; continue; }
    if (c === '(') { out.push({ t: 'lp', v: c }); i++; continue; }
    if (c === ')') { out.push({ t: 'rp', v: c }); i++; continue; }
    if (c === ',') { out.push({ t: 'comma', v: c }); i++; continue; }
    if (c === '"' || c === "'") {
      let j = i + 1; let s = '';
      while (j < src.length && src[j] !== c) {
        if (src[j] === '\\' && j + 1 < src.length) { j++; }
        s += src[j]; j++;
      }
      if (j >= src.length) { throw new CqlError(`unterminated string at position ${i}`); }
      out.push({ t: 'str', v: s }); i = j + 1; continue;
    }
    const two = src.slice(i, i + 2);
    if (two === '!=' || two === '!~' || two === '>=' || two === '<=') { out.push({ t: 'op', v: two }); i += 2; continue; }
    if (c === '=' || c === '~' || c === '>' || c === '<') { out.push({ t: 'op', v: c }); i++; continue; }
    const m = /^[A-Za-z0-9_.~:\-+@]+/.exec(src.slice(i));
    if (!m) { throw new CqlError(`unexpected character '${c}' at position ${i}`); }
    out.push({ t: 'word', v: m[0] }); i += m[0].length;
  }
  return out;
}

const FIELDS: Record<string, CqlField> = { text: 'text', title: 'title', space: 'space', 'space.key': 'space', type: 'type', id: 'id', content: 'id', ancestor: 'ancestor', parent: 'parent', label: 'label' };
const ORDER_FIELDS: Record<string, 'lastmodified' | 'title' | 'created' | 'id'> = { lastmodified: 'lastmodified', title: 'title', created: 'created', id: 'id' };

export function parseCql(src: string): CqlQuery {
  if (src.length > 4000) { throw new CqlError('query too long'); }
  const toks = tokenize(src);
  let p = 0;
  const peek = (): Tok | undefined => toks[p];
  const isWord = (w: string): boolean => { const t = peek(); return t?.t === 'word' && t.v.toLowerCase() === w; };
  const value = (): string => {
    const t = toks[p++];
    if (!t || (t.t !== 'word' && t.t !== 'str')) { throw new CqlError('expected a value'); }
    return t.v;
  };
  const clause = (): CqlExpr => {
    const t = peek();
    if (t?.t === 'lp') { p++; const e = orExpr(); if (peek()?.t !== 'rp') { throw new CqlError("expected ')'"); } p++; return e; }
    if (isWord('not')) { p++; return { kind: 'not', expr: clause() }; }
    if (!t || t.t !== 'word') { throw new CqlError('expected a field name'); }
    const field = FIELDS[t.v.toLowerCase()];
    if (!field) { throw new CqlError(`unknown field '${t.v}'`); }
    p++;
    let op: CqlOp;
    const o = peek();
    if (o?.t === 'op' && (o.v === '=' || o.v === '!=' || o.v === '~' || o.v === '!~')) { op = o.v; p++; }
    else if (isWord('in')) { op = 'in'; p++; }
    else if (isWord('not') && toks[p + 1]?.t === 'word' && toks[p + 1]?.v.toLowerCase() === 'in') { op = 'not in'; p += 2; }
    else { throw new CqlError(`expected an operator after '${t.v}'`); }
    if ((op === '~' || op === '!~') && field !== 'text' && field !== 'title') { throw new CqlError(`operator '${op}' is not supported for field '${field}'`); }
    if (op === 'in' || op === 'not in') {
      if (peek()?.t !== 'lp') { throw new CqlError("expected '(' after IN"); }
      p++;
      const values = [value()];
      while (peek()?.t === 'comma') { p++; values.push(value()); }
      if (peek()?.t !== 'rp') { throw new CqlError("expected ')'"); }
      p++;
      return { kind: 'clause', field, op, values };
    }
    return { kind: 'clause', field, op, values: [value()] };
  };
  const andExpr = (): CqlExpr => {
    let left = clause();
    while (isWord('and')) { p++; left = { kind: 'and', left, right: clause() }; }
    return left;
  };
  const orExpr = (): CqlExpr => {
    let left = andExpr();
    while (isWord('or')) { p++; left = { kind: 'or', left, right: andExpr() }; }
    return left;
  };
  const q: CqlQuery = { orderBy: [] };
  if (!isWord('order')) { q.where = orExpr(); }
  if (isWord('order')) {
    p++;
    if (!isWord('by')) { throw new CqlError("expected 'by' after 'order'"); }
    p++;
    for (;;) {
      const t = toks[p++];
      const f = t?.t === 'word' ? ORDER_FIELDS[t.v.toLowerCase()] : undefined;
      if (!f) { throw new CqlError('expected an ORDER BY field (lastmodified, title, created, id)'); }
      let desc = false;
      if (isWord('desc')) { desc = true; p++; } else if (isWord('asc')) { p++; }
      q.orderBy.push({ field: f, desc });
      if (peek()?.t === 'comma') { p++; continue; }
      break;
    }
  }
  if (p < toks.length) { throw new CqlError(`unexpected '${toks[p]?.v ?? ''}'`); }
  if (!q.where && q.orderBy.length === 0) { throw new CqlError('empty query'); }
  if (!q.where) { throw new CqlError('a query needs at least one clause'); }
  return q;
}
