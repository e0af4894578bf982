// Schemas for every response body the client reads. z.object() drops unknown keys, so Confluence may add
// fields freely; a wrong type or a missing field we rely on fails loudly as invalidResponse instead of
// surfacing later as "undefined" in the tree or, worse, in a saved page. zod/mini keeps the bundle small.
//
// Fields the spec marks optional but the client needs are required here on purpose (a page without an id
// or version number is useless to an editor). Fields Confluence documents as "null if absent" are nullish.

import * as z from 'zod/mini';
import { ConfluenceError } from './errors';
import { l10n } from '../util/l10n';

const str = z.string();
const optStr = z.nullish(z.string());
const int = z.int();
const optInt = z.nullish(z.int());

const Links = z.object({ next: optStr, base: optStr, context: optStr });
const WebLinks = z.object({ webui: optStr, tinyui: optStr, base: optStr });

export const VersionSchema = z.object({
  number: int,
  createdAt: optStr,
  authorId: optStr,
  message: optStr,
  minorEdit: z.nullish(z.boolean()),
});

const BodyType = z.object({ representation: optStr, value: str });

export const SpaceSchema = z.object({
  id: str,
  key: str,
  name: str,
  type: str,
  status: str,
  homepageId: optStr,
  _links: z.nullish(WebLinks),
});

export const SpaceListSchema = z.object({ results: z.array(SpaceSchema), _links: z.nullish(Links) });

export const PageBulkSchema = z.object({
  id: str,
  status: str,
  title: str,
  spaceId: optStr,
  parentId: optStr,
  parentType: optStr,
  position: optInt,
});
export const PageListSchema = z.object({ results: z.array(PageBulkSchema), _links: z.nullish(Links) });

export const ChildSchema = z.object({
  id: str,
  status: str,
  title: str,
  type: str,
  spaceId: optStr,
  childPosition: optInt,
});
export const ChildListSchema = z.object({ results: z.array(ChildSchema), _links: z.nullish(Links) });

export const DescendantSchema = z.object({
  id: str,
  status: str,
  title: str,
  type: str,
  parentId: str,
  depth: int,
  childPosition: optInt,
});
export const DescendantListSchema = z.object({ results: z.array(DescendantSchema), _links: z.nullish(Links) });

export const AncestorListSchema = z.object({
  results: z.array(z.object({ id: str, type: optStr, title: optStr })),
  _links: z.nullish(Links),
});

export const PageSingleSchema = z.object({
  id: str,
  status: str,
  title: str,
  spaceId: str,
  parentId: optStr,
  parentType: optStr,
  authorId: optStr,
  createdAt: optStr,
  version: VersionSchema,
  body: z.nullish(z.object({ storage: z.nullish(BodyType), view: z.nullish(BodyType), atlas_doc_format: z.nullish(BodyType) })),
  // Present with include-operations=true: what the caller may do with the page.
  operations: z.nullish(z.object({ results: z.array(z.object({ operation: str, targetType: str })) })),
  // Present with include-labels=true: the first 50 labels, and whether there are more.
  labels: z.nullish(z.object({ results: z.array(z.object({ name: str })), meta: z.nullish(z.object({ hasMore: z.nullish(z.boolean()) })) })),
  _links: z.nullish(WebLinks),
});

export const VersionListSchema = z.object({ results: z.array(VersionSchema), _links: z.nullish(Links) });

export const OperationsSchema = z.object({
  operations: z.array(z.object({ operation: str, targetType: str })),
});

export const AdminKeySchema = z.object({
  accountId: optStr,
  expirationTime: str.check(z.refine((s) => !Number.isNaN(Date.parse(s)), 'a date-time')),
});

export const CurrentUserSchema = z.object({
  accountId: str,
  displayName: optStr,
  publicName: optStr,
  email: optStr,
  operations: z.nullish(z.array(z.object({ operation: str, targetType: str }))),
});

const V1Space = z.object({ key: optStr, name: optStr });
export const SearchResponseSchema = z.object({
  results: z.array(z.object({
    content: z.nullish(z.object({ id: optStr, type: optStr, title: optStr, space: z.nullish(V1Space), _links: z.nullish(WebLinks) })),
    space: z.nullish(V1Space),
    title: str,
    excerpt: optStr,
    url: optStr,
    entityType: optStr,
    lastModified: optStr,
    resultGlobalContainer: z.nullish(z.object({ title: optStr, displayUrl: optStr })),
  })),
  _links: z.nullish(Links),
});

const V1User = z.object({ accountId: optStr, displayName: optStr, publicName: optStr });
const V1Group = z.object({ id: optStr, name: str });
export const RestrictionListSchema = z.object({
  results: z.array(z.object({
    operation: str,
    restrictions: z.nullish(z.object({
      user: z.nullish(z.object({ results: z.array(V1User) })),
      group: z.nullish(z.object({ results: z.array(V1Group) })),
    })),
  })),
});

/** v2 and v1 error bodies, read only for a human-readable title and the 409 current version. */
export const ErrorBodySchema = z.object({
  errors: z.nullish(z.array(z.object({ status: z.nullish(z.number()), code: optStr, title: optStr, detail: optStr }))),
  message: optStr,
});

export interface ParseContext { method: string; path: string }

/** Validates a decoded body, turning a schema failure into invalidResponse that names the fields. */
export function parseBody<T>(schema: z.ZodMiniType<T>, data: unknown, ctx: ParseContext): T {
  const result = z.safeParse(schema, data);
  if (result.success) { return result.data; }
  const problems = result.error.issues.slice(0, 3).map((issue) => {
    const where = issue.path.length > 0 ? issue.path.map(String).join('.') : '(body)';
    const expected = 'expected' in issue && typeof issue.expected === 'string' ? `expected ${issue.expected}` : issue.code;
    return `${where}: ${expected}`;
  });
  throw new ConfluenceError('invalidResponse',
    l10n.t('Confluence sent an answer the extension does not understand ({0} {1}: {2}). The site may be behind a proxy that rewrites responses, or its API changed; try again, and report it if it persists.',
      ctx.method, ctx.path, problems.join('; ')),
    { method: ctx.method, path: ctx.path });
}
