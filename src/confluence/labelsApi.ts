// Labels: v2 `GET /pages/{id}/labels` and `GET /spaces/{id}/content/labels` (the labels in use in a
// space, for suggestions), v1 `POST /content/{id}/label` (all additions in one request) and
// `DELETE /content/{id}/label?name=` (the query form, because a label may contain "/"). The caller
// works out what to add and remove; nothing here reads before writing. Names are checked against
// Confluence's rules before any request: lower-case, at most 255 characters, no whitespace and none
// of : ; , . ? & [ ] ( ) # ^ * @ ! ' `

import * as z from 'zod/mini';
import { numericId, PAGE_LIMIT, V1, V2, type ConfluenceApi } from './api';
import { ConfluenceError } from './errors';
import type { Label } from './organiseTypes';
import type { RequestOptions } from './types';
import { l10n } from '../util/l10n';

export const MAX_LABEL_LENGTH = 255;
const INVALID = /[\s:;,.?&[\]()#^*@!'`]/;

const LabelSchema = z.object({ id: z.string(), name: z.string(), prefix: z.nullish(z.string()) });
const LabelListSchema = z.object({ results: z.array(LabelSchema), _links: z.nullish(z.object({ next: z.nullish(z.string()) })) });
const V1LabelArraySchema = z.object({ results: z.array(LabelSchema) });

const toLabel = (l: z.infer<typeof LabelSchema>): Label => ({ id: l.id, name: l.name, prefix: l.prefix ?? 'global' });

/** The name Confluence will store (trimmed, lower-case), or invalidInput saying what is wrong. */
export function normaliseLabel(name: string): string {
  const n = name.trim().toLowerCase();
  if (n === '') { throw new ConfluenceError('invalidInput', l10n.t('A label needs a name.')); }
  if (n.length > MAX_LABEL_LENGTH) { throw new ConfluenceError('invalidInput', l10n.t('A label can have at most {0} characters (this one has {1}).', MAX_LABEL_LENGTH, n.length)); }
  const bad = INVALID.exec(n)?.[0];
  if (bad !== undefined) {
    throw new ConfluenceError('invalidInput', /\s/.test(bad)
      ? l10n.t('"{0}" is not a valid label: labels cannot contain a space. Use letters, digits, "-", "_" or "/".', n.slice(0, 40))
      : l10n.t('"{0}" is not a valid label: labels cannot contain "{1}". Use letters, digits, "-", "_" or "/".', n.slice(0, 40), bad));
  }
  return n;
}

async function all(api: ConfluenceApi, url: URL, o?: RequestOptions): Promise<Label[]> {
  const out: Label[] = [];
  for await (const batch of api.paginate(url, LabelListSchema, o, (body) => body.results.map(toLabel))) { out.push(...batch); }
  return out;
}

export function pageLabels(api: ConfluenceApi, pageId: string, o?: RequestOptions): Promise<Label[]> {
  return all(api, api.url(`${V2}/pages/${numericId(pageId, 'page')}/labels`, { limit: PAGE_LIMIT }), o);
}

/** Every label in use on the space's content that the caller may see (for suggestions). */
export function spaceLabels(api: ConfluenceApi, spaceId: string, o?: RequestOptions): Promise<Label[]> {
  return all(api, api.url(`${V2}/spaces/${numericId(spaceId, 'space')}/content/labels`, { limit: PAGE_LIMIT }), o);
}

/** Adds labels in one request; answers the content's labels afterwards, as Confluence reports them. */
export async function addLabels(api: ConfluenceApi, contentId: string, names: string[], o?: RequestOptions): Promise<Label[]> {
  const id = numericId(contentId, 'content');
  const unique = [...new Set(names.map(normaliseLabel))];
  if (unique.length === 0) { throw new ConfluenceError('invalidInput', l10n.t('Give at least one label to add.')); }
  const body = unique.map((name) => ({ prefix: 'global', name }));
  const res = await api.sendJson('POST', `${V1}/content/${id}/label`, V1LabelArraySchema, { ...o, body, idempotent: true });
  return res.results.map(toLabel);
}

export async function removeLabel(api: ConfluenceApi, contentId: string, name: string, o?: RequestOptions): Promise<void> {
  const id = numericId(contentId, 'content');
  const label = name.trim().toLowerCase();
  if (label === '') { throw new ConfluenceError('invalidInput', l10n.t('Say which label to remove.')); }
  await api.call('DELETE', `${V1}/content/${id}/label`, { ...o, query: { name: label }, idempotent: true });
}
