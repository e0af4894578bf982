// Moving content in the tree: v1 `PUT /wiki/rest/api/content/{pageId}/move/{position}/{targetId}`.
// `before`/`after` put the page next to the target (same parent, possibly the space root), `append`
// makes it the target's last child. The target may be in another space of the site: the page and
// everything below it change space. Refusals follow the v1 document: 404 when the page or target is
// missing or not visible, 403 when the page may be seen but not changed (or the target space takes no
// new content), 400 for a loop (the target is the page or below it) and for a title that already
// exists in the target space (titles are unique per space). There is no version to compare: a move is
// positional, so "someone else moved it meanwhile" cannot be refused here; it applies to where things
// are now (clients that care compare the parent they saw first).

import { v1BadRequest, v1Forbidden, v1Node, v1NotFound } from './organiseKit';
import { ID, V1, type Ctx, type Reply, type Route } from './routeKit';
import { titleOf, type ContentNode } from './store';

const POSITIONS = ['before', 'after', 'append'] as const;
type Position = typeof POSITIONS[number];

/** The node and everything below it (trashed children too: they move with their parent). */
function subtree(ctx: Ctx, node: ContentNode): ContentNode[] {
  const out: ContentNode[] = [];
  const stack = [node];
  while (stack.length > 0) {
    const n = stack.pop();
    if (!n) { break; }
    out.push(n);
    stack.push(...ctx.store.children(n));
  }
  return out;
}

function titleClash(ctx: Ctx, moving: ContentNode[], spaceId: string): ContentNode | undefined {
  const movingIds = new Set(moving.map(n => n.id));
  const taken = new Set(ctx.store.spaceContent(spaceId)
    .filter(n => n.type === 'page' && !movingIds.has(n.id) && (n.status === 'current' || n.status === 'archived'))
    .map(n => titleOf(n).toLowerCase()));
  return moving.find(n => n.type === 'page' && (n.status === 'current' || n.status === 'archived') && taken.has(titleOf(n).toLowerCase()));
}

function move(ctx: Ctx): Reply {
  const position = ctx.params[1] as Position;
  if (!(POSITIONS as readonly string[]).includes(position)) {
    throw v1BadRequest(`Invalid position '${(ctx.params[1] ?? '').slice(0, 20)}'. Valid positions are: before, after, append.`);
  }
  const node = v1Node(ctx, ctx.params[0], ['page', 'folder'], { update: 'You do not have permission to move this page.' });
  const target = v1Node(ctx, ctx.params[2], ['page', 'folder', 'whiteboard', 'database', 'embed']);
  if (target.id === node.id || ctx.store.isDescendantOf(target, node.id)) {
    throw v1BadRequest(`Cannot move '${titleOf(node)}' ${position === 'append' ? 'below' : 'next to'} '${titleOf(target)}': a page cannot become its own descendant.`);
  }
  if (position === 'append' && target.type !== 'page' && target.type !== 'folder') {
    throw v1BadRequest(`Content cannot be added below a ${target.type}.`);
  }
  const space = ctx.store.spaces.get(target.spaceId);
  if (!space || space.status !== 'current') {
    throw v1Forbidden('You do not have permission to create content in the target space.');
  }
  const parentId = position === 'append' ? target.id : target.parentId;
  const moving = subtree(ctx, node);
  if (target.spaceId !== node.spaceId) {
    const clash = titleClash(ctx, moving, target.spaceId);
    if (clash) {
      throw v1BadRequest(`A page with this title already exists: a page titled '${titleOf(clash)}' already exists in the space with key ${space.key}. Rename the page before moving it.`);
    }
  }
  const level = parentId === null ? ctx.store.rootNodes(target.spaceId) : ctx.store.children({ id: parentId, spaceId: target.spaceId });
  const others = level.filter(n => n.id !== node.id);
  const at = others.findIndex(n => n.id === target.id);
  if (position !== 'append' && at < 0) { throw v1NotFound(target.id); }
  const index = position === 'append' ? others.length : position === 'before' ? at : at + 1;
  ctx.store.placeAt(node, target.spaceId, parentId, index);
  for (const n of moving) { n.spaceId = target.spaceId; }
  return { status: 200, body: { pageId: node.id } };
}

export const moveRoutes: Route[] = [
  { method: 'PUT', pattern: new RegExp(`^${V1}/content/${ID}/move/${ID}/${ID}$`), auth: 'required', handler: move },
];
