// Validates emulator responses against Atlassian's published OpenAPI documents (the authority on
// paths and JSON shapes) with openapi-backend + Ajv. Used by the conformance tests.
//
// Where the documents are: the repository's `reference/` (byte-identical copies, see
// reference/SOURCES.md), or the directory in CONFLUENCE_SPEC_DIR.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { OpenAPIBackend } from 'openapi-backend';
import type Ajv from 'ajv';

type Json = Record<string, unknown>;

export function specDir(): string {
  const candidates = [
    process.env.CONFLUENCE_SPEC_DIR,
    // The repository keeps a byte-identical copy (reference/SOURCES.md), so a clone is self-contained.
    path.resolve(__dirname, '../../../reference'),
  ].filter((p): p is string => typeof p === 'string');
  for (const c of candidates) {
    if (fs.existsSync(path.join(c, 'confluence-v2.openapi.json'))) { return c; }
  }
  throw new Error(`OpenAPI documents not found; looked in ${candidates.join(', ')} (set CONFLUENCE_SPEC_DIR)`);
}

/**
 * The ONE place where known defects of the published documents are patched. Each patch cites
 * reference/SOURCES.md ("Known quirks of the upstream v2 document"). Nothing here loosens a
 * response schema: no `required` is removed and no `additionalProperties` is relaxed.
 */
export function patchKnownSpecDefects(doc: Json, which: 'v1' | 'v2'): string[] {
  const applied: string[] = [];
  if (which !== 'v2') { return applied; }
  const components = doc.components as Json;
  // SOURCES.md: "`components.requestBodies.PageUpdateRequest` properties `spaceId`, `parentId`, `ownerId`
  // carry `"format": "string"` with no `"type"`". The intent is plainly a string id; without the fix Ajv
  // meets an unknown format "string". Patch: type "string", drop the bogus format.
  const pur = (((components.requestBodies as Json).PageUpdateRequest as Json).content as Json)['application/json'] as Json;
  const props = (pur.schema as Json).properties as Record<string, Json>;
  for (const name of ['spaceId', 'parentId', 'ownerId']) {
    const p = props[name];
    if (p && p.format === 'string' && p.type === undefined) {
      p.type = 'string';
      delete p.format;
      applied.push(`PageUpdateRequest.${name}: format "string" -> type "string"`);
    }
  }
  // SOURCES.md: "Several `sort` query parameters ... are declared as {"type": "string", "items": {"$ref": ...}}
  // although the parameter is a scalar enum". Patch: use the referenced enum as the scalar schema.
  for (const [p, item] of Object.entries(doc.paths as Record<string, Json>)) {
    for (const [method, op] of Object.entries(item)) {
      const params = (op as Json).parameters as Json[] | undefined;
      for (const param of params ?? []) {
        const schema = param.schema as Json | undefined;
        if (param.in === 'query' && schema && schema.type === 'string' && schema.items !== undefined) {
          param.schema = schema.items as Json;
          applied.push(`${method.toUpperCase()} ${p} ?${String(param.name)}: scalar with items -> the referenced enum`);
        }
      }
    }
  }
  // SOURCES.md also notes `OnlyArchivedAndCurrentContentStatus` lacks `draft`. Not patched: the emulator
  // never returns drafts in children listings, so the published enum is enforced as is.
  return applied;
}

/** The v2 error body Confluence sends (docs/CONFLUENCE-API.md; the spec gives no error schema). */
const V2_ERROR_SCHEMA = {
  type: 'object', required: ['errors'], additionalProperties: false,
  properties: {
    errors: {
      type: 'array', minItems: 1,
      items: {
        type: 'object', required: ['status', 'code', 'title', 'detail'], additionalProperties: false,
        properties: { status: { type: 'integer' }, code: { type: 'string', minLength: 1 }, title: { type: 'string', minLength: 1 }, detail: { type: ['string', 'null'] } },
      },
    },
  },
};

/** The v1 error body from the v1 document's narrative section "Status codes". */
const V1_ERROR_SCHEMA = {
  type: 'object', required: ['statusCode', 'data', 'message'],
  properties: {
    statusCode: { type: 'integer' }, message: { type: 'string' },
    data: { type: 'object', required: ['authorized', 'valid', 'errors', 'successful'], properties: { authorized: { type: 'boolean' }, valid: { type: 'boolean' }, errors: { type: 'array' }, successful: { type: 'boolean' } } },
  },
};

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

function customizeAjv(ajv: Ajv): Ajv {
  // Real format checks for the formats these documents use (openapi-backend only registers numeric ones).
  ajv.addFormat('date-time', { type: 'string', validate: (s: string) => ISO_DATE_TIME.test(s) && !Number.isNaN(Date.parse(s)) });
  ajv.addFormat('uri', { type: 'string', validate: (s: string) => { try { new URL(s); return true; } catch { return false; } } });
  ajv.addFormat('email', { type: 'string', validate: (s: string) => /^[^@\s]+@[^@\s]+$/.test(s) });
  ajv.addFormat('uuid', { type: 'string', validate: (s: string) => /^[0-9a-f-]{36}$/i.test(s) });
  ajv.addSchema(V2_ERROR_SCHEMA, 'emulator:v2-error');
  ajv.addSchema(V1_ERROR_SCHEMA, 'emulator:v1-error');
  return ajv;
}

export interface CheckedResponse {
  method: string;
  /** Path as requested (site or gateway form), with or without query. */
  url: string;
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON body, or undefined for an empty body. */
  body: unknown;
}

/**
 * Statuses the published v2 document declares nowhere but Confluence returns (no 409 or 429 is declared
 * anywhere; 413 only on creates, though it applies to any >5 MB body — see docs/CONFLUENCE-API.md).
 * Such answers are checked against the v2 error body shape Confluence sends instead.
 */
const UNDECLARED_V2_STATUSES = new Set([409, 413, 429]);

export class SpecValidator {
  private constructor(private readonly v2: OpenAPIBackend, private readonly v1: OpenAPIBackend, private readonly errorAjv: Ajv) {}

  static async load(): Promise<SpecValidator> {
    const dir = specDir();
    const docs: Partial<Record<'v1' | 'v2', Json>> = {};
    const make = async (which: 'v1' | 'v2'): Promise<OpenAPIBackend> => {
      const doc = JSON.parse(fs.readFileSync(path.join(dir, `confluence-${which}.openapi.json`), 'utf8')) as Json;
      patchKnownSpecDefects(doc, which);
      docs[which] = structuredClone(doc);
      // quick: skip openapi-backend's meta-validation of the whole document (it reports unrelated
      // `$ref`-with-siblings issues in schemas we never use) and compile validators lazily.
      // allErrors: report every mismatch; strict:false only because OpenAPI keywords such as
      // `example` are not JSON Schema keywords.
      const api = new OpenAPIBackend({ definition: doc as never, quick: true, strict: true, ajvOpts: { allErrors: true, strict: false }, customizeAjv: a => customizeAjv(a) });
      await api.init();
      return api;
    };
    const v2 = await make('v2');
    const v1 = await make('v1');
    const AjvCtor = (await import('ajv')).default;
    const errorAjv = customizeAjv(new AjvCtor({ allErrors: true, strict: false }));
    // The whole documents, so checkComponent can validate against any named schema in them.
    for (const f of ['int32', 'int64', 'binary']) { errorAjv.addFormat(f, true); }
    for (const which of ['v1', 'v2'] as const) { errorAjv.addSchema(docs[which] ?? {}, `doc:${which}`); }
    return new SpecValidator(v2, v1, errorAjv);
  }

  /** Returns a list of problems (empty when the response conforms). */
  check(r: CheckedResponse): string[] {
    const problems: string[] = [];
    const q = r.url.indexOf('?');
    let p = q >= 0 ? r.url.slice(0, q) : r.url;
    const query = Object.fromEntries(new URLSearchParams(q >= 0 ? r.url.slice(q + 1) : ''));
    p = p.replace(/^\/ex\/confluence\/[^/]+/, '');
    let api: OpenAPIBackend;
    let which: 'v1' | 'v2';
    if (p.startsWith('/wiki/api/v2/')) { api = this.v2; which = 'v2'; p = p.slice('/wiki/api/v2'.length); }
    else if (p.startsWith('/wiki/rest/api/')) { api = this.v1; which = 'v1'; }
    else { return [`${r.url}: not an API path of either document`]; }
    const op = api.matchOperation({ method: r.method.toLowerCase(), path: p, headers: {}, query });
    if (!op) { return [`${r.method} ${p}: no such operation in the ${which} document`]; }
    const responses = (op.responses ?? {}) as Record<string, { content?: Record<string, { schema?: unknown }>; headers?: unknown }>;
    const declared = responses[String(r.status)];
    const where = `${op.operationId ?? '?'} ${r.status}`;
    if (!declared) {
      if (which === 'v2' && UNDECLARED_V2_STATUSES.has(r.status)) {
        problems.push(...this.errorShape('emulator:v2-error', r.body, where));
      } else if (which === 'v1' && r.status >= 400) {
        // v1: the narrative "Status codes" says any standard status may come with the documented error body.
        problems.push(...this.errorShape('emulator:v1-error', r.body, where));
      } else {
        problems.push(`${where}: status not declared for the operation (declared: ${Object.keys(responses).join(', ')})`);
      }
      return problems;
    }
    const schema = declared.content?.['application/json']?.schema;
    if (schema) {
      const res = api.validateResponse(r.body, op, r.status);
      for (const e of res.errors ?? []) { problems.push(`${where}: body${e.instancePath} ${e.message ?? ''} ${JSON.stringify(e.params)}`); }
    } else if (r.status >= 400) {
      // Documented with empty content: the real body is the API's error shape.
      problems.push(...this.errorShape(which === 'v2' ? 'emulator:v2-error' : 'emulator:v1-error', r.body, where));
    } else if (r.body !== undefined) {
      problems.push(`${where}: the document declares no body but one was sent`);
    }
    const hres = api.validateResponseHeaders(r.headers, op, { statusCode: r.status });
    for (const e of hres.errors ?? []) { problems.push(`${where}: headers${e.instancePath} ${e.message ?? ''}`); }
    return problems;
  }

  /**
   * Problems of a body measured against one named component schema of a document, for operations
   * Confluence still serves but the published document no longer lists (v1 content update).
   */
  checkComponent(which: 'v1' | 'v2', name: string, body: unknown): string[] {
    return this.errorShape(`doc:${which}#/components/schemas/${name}`, body, `${which} ${name}`);
  }

  private errorShape(id: string, body: unknown, where: string): string[] {
    const validate = this.errorAjv.getSchema(id);
    if (!validate) { return [`${id} schema missing`]; }
    if (validate(body)) { return []; }
    return (validate.errors ?? []).map(e => `${where}: error body${e.instancePath} ${e.message ?? ''}`);
  }
}
