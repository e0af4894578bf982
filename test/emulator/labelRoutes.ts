// Labels: v2 `GET /pages/{id}/labels`, `GET /spaces/{id}/labels` (the space's own labels: categories
// are `team:` labels) and `GET /spaces/{id}/content/labels` (labels in use on the space's content),
// and v1 `POST /content/{id}/label` (one label object or an array) and `DELETE
// /content/{id}/label/{label}` or `…/label?name=`. Names follow Confluence's rules: stored lower-case,
// at most 255 characters, no whitespace and none of  : ; , . ? & [ ] ( ) # ^ * @ ! ' `  (a `/` is
// allowed, which is why the query form of DELETE exists).

import { notFound } from './errors';
import { v1BadRequest, v1Links, v1Node } from './organiseKit';
import {
  addContentLabels, contentLabels, labelKey, removeContentLabel, spaceOwnLabels, type LabelPrefix, type LabelRecord,
} from './organiseState';
import { paginate } from './pagination';
import { ID, listReply, pathId, qEnum, requireNode, V1, V2, visible, type Ctx, type Reply, type Route } from './routeKit';

export const MAX_LABEL_LENGTH = 255;
const INVALID_LABEL_CHARS = /[\s:;,.?&[\]()#^*@!'`]/;
const WRITABLE_PREFIXES: readonly LabelPrefix[] = ['global', 'my', 'team'];
const LABEL_SORT = ['created-date', '-created-date', 'id', '-id', 'name', '-name'] as const;

function labelV2(l: LabelRecord): Record<string, unknown> { return { id: l.id, name: l.name, prefix: l.prefix }; }
function labelV1(l: LabelRecord): Record<string, unknown> {
  return { prefix: l.prefix, name: l.name, id: l.id, label: l.prefix === 'global' ? l.name : `${l.prefix}:${l.name}` };
}

function sortLabels(labels: LabelRecord[], sort: string | undefined): LabelRecord[] {
  if (!sort) { return labels; }
  const desc = sort.startsWith('-');
  const key = desc ? sort.slice(1) : sort;
  const cmp = (a: LabelRecord, b: LabelRecord): number => {
    if (key === 'name') { return a.name < b.name ? -1 : a.name > b.name ? 1 : 0; }
    if (key === 'created-date') { return a.createdAt - b.createdAt || Number(a.id) - Number(b.id); }
    return Number(a.id) - Number(b.id);
  };
  return [...labels].sort((a, b) => (desc ? -1 : 1) * cmp(a, b));
}

function listLabels(ctx: Ctx, all: LabelRecord[], prefixes: readonly string[], kind: string): Reply {
  const prefix = qEnum(ctx, 'prefix', prefixes);
  const sort = qEnum(ctx, 'sort', LABEL_SORT);
  const labels = sortLabels(all.filter(l => prefix === undefined || l.prefix === prefix), sort);
  const page = paginate(labels, ctx.query, ctx.apiPath, kind);
  return listReply(ctx, page.items.map(labelV2), page.next);
}

function pageLabels(ctx: Ctx): Reply {
  const node = requireNode(ctx, pathId(ctx.params[0]), ['page']);
  return listLabels(ctx, contentLabels(ctx.store, node.id), ['my', 'team', 'global', 'system'], 'labels');
}

function requireSpaceId(ctx: Ctx): string {
  const id = pathId(ctx.params[0]);
  if (!ctx.store.spaces.has(id)) { throw notFound(); }
  return id;
}

function spaceLabels(ctx: Ctx): Reply {
  const id = requireSpaceId(ctx);
  return listLabels(ctx, spaceOwnLabels(ctx.store, id), ['my', 'team'], 'space-labels');
}

/**
 * Distinct labels on the space's current content the caller can see. The document gives `prefix`
 * the enum my/team with default "my, team" (copied from the space-labels operation, it seems); with
 * no prefix every label in use is listed, which is what the operation is for.
 */
function spaceContentLabels(ctx: Ctx): Reply {
  const id = requireSpaceId(ctx);
  const nodes = visible(ctx, ctx.store.spaceContent(id).filter(n => n.status === 'current'));
  const seen = new Map<string, LabelRecord>();
  for (const n of nodes) {
    for (const l of contentLabels(ctx.store, n.id)) { seen.set(l.id, l); }
  }
  const all = [...seen.values()].sort((a, b) => Number(a.id) - Number(b.id));
  return listLabels(ctx, all, ['my', 'team'], 'content-labels');
}

/** Validates and normalises one label of a v1 request body. */
export function parseLabelInput(raw: unknown): { prefix: LabelPrefix; name: string } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) { throw v1BadRequest('Each label must be an object with prefix and name.'); }
  const o = raw as Record<string, unknown>;
  const prefix = o.prefix ?? 'global';
  const name = o.name;
  if (typeof prefix !== 'string' || !(WRITABLE_PREFIXES as readonly string[]).includes(prefix)) {
    throw v1BadRequest(`Invalid label prefix '${String(prefix).slice(0, 20)}'. Valid prefixes are: global, my, team.`);
  }
  if (typeof name !== 'string' || name.trim() === '') { throw v1BadRequest('A label needs a name.'); }
  const normalised = name.trim().toLowerCase();
  if (normalised.length > MAX_LABEL_LENGTH) { throw v1BadRequest(`Label names can have at most ${MAX_LABEL_LENGTH} characters.`); }
  if (INVALID_LABEL_CHARS.test(normalised)) {
    throw v1BadRequest(`'${normalised.slice(0, 40)}' is not a valid label name: labels cannot contain spaces or any of : ; , . ? & [ ] ( ) # ^ * @ ! ' \``);
  }
  return { prefix: prefix as LabelPrefix, name: normalised };
}

function labelArray(ctx: Ctx, contentId: string): Record<string, unknown> {
  const labels = contentLabels(ctx.store, contentId).map(labelV1);
  return { results: labels, start: 0, limit: 200, size: labels.length, _links: v1Links(ctx, `/rest/api/content/${contentId}/label`) };
}

function addLabels(ctx: Ctx): Reply {
  const node = v1Node(ctx, ctx.params[0], ['page', 'folder', 'whiteboard', 'database', 'embed'], { update: 'You do not have permission to edit the labels of this content.' });
  let parsed: unknown;
  try { parsed = JSON.parse(ctx.rawBody.toString('utf8')); } catch { throw v1BadRequest('The request body must be a label or an array of labels.'); }
  const input = (Array.isArray(parsed) ? parsed : [parsed]).map(parseLabelInput);
  if (input.length === 0) { throw v1BadRequest('Give at least one label.'); }
  addContentLabels(ctx.store, node.id, input);
  return { status: 200, body: labelArray(ctx, node.id) };
}

function removeLabel(ctx: Ctx, raw: string | null): Reply {
  const node = v1Node(ctx, ctx.params[0], ['page', 'folder', 'whiteboard', 'database', 'embed'], { update: 'You do not have permission to edit the labels of this content.' });
  if (raw === null || raw.trim() === '') { throw v1BadRequest('The name of the label to remove is required.'); }
  const text = raw.trim().toLowerCase();
  const colon = text.indexOf(':');
  const [prefix, name] = colon > 0 && WRITABLE_PREFIXES.includes(text.slice(0, colon) as LabelPrefix)
    ? [text.slice(0, colon), text.slice(colon + 1)] : ['global', text];
  // Removing a label the content does not have changes nothing and is not an error here (unverified).
  removeContentLabel(ctx.store, node.id, labelKey(prefix, name));
  return { status: 204 };
}

export const labelRoutes: Route[] = [
  { method: 'GET', pattern: new RegExp(`^${V2}/pages/${ID}/labels$`), auth: 'required', handler: pageLabels },
  { method: 'GET', pattern: new RegExp(`^${V2}/spaces/${ID}/labels$`), auth: 'required', handler: spaceLabels },
  { method: 'GET', pattern: new RegExp(`^${V2}/spaces/${ID}/content/labels$`), auth: 'required', handler: spaceContentLabels },
  { method: 'POST', pattern: new RegExp(`^${V1}/content/${ID}/label$`), auth: 'required', handler: addLabels },
  { method: 'DELETE', pattern: new RegExp(`^${V1}/content/${ID}/label$`), auth: 'required', handler: ctx => removeLabel(ctx, ctx.query.get('name')) },
  { method: 'DELETE', pattern: new RegExp(`^${V1}/content/${ID}/label/${ID}$`), auth: 'required', handler: ctx => removeLabel(ctx, ctx.params[1] ?? null) },
];
