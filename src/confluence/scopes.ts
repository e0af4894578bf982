// The OAuth scope each operation the client uses needs (from `x-atlassian-oauth2-scopes` in the
// OpenAPI documents in reference/), so a "scope does not match" answer can name what is missing, and
// the method + path template of a request, for messages and once-per-endpoint logging.

const SCOPES: readonly [method: string, template: RegExp, scope: string][] = [
  ['GET', /^\/wiki\/api\/v2\/spaces(\/\{id\})?$/, 'read:space:confluence'],
  ['GET', /^\/wiki\/api\/v2\/spaces\/\{id\}\/pages$/, 'read:page:confluence'],
  ['GET', /^\/wiki\/api\/v2\/pages(\/\{id\}(\/versions|\/operations)?)?$/, 'read:page:confluence'],
  ['POST', /^\/wiki\/api\/v2\/pages$/, 'write:page:confluence'],
  ['PUT', /^\/wiki\/api\/v2\/pages\/\{id\}(\/title)?$/, 'write:page:confluence'],
  ['DELETE', /^\/wiki\/api\/v2\/pages\/\{id\}$/, 'delete:page:confluence'],
  ['GET', /^\/wiki\/api\/v2\/(pages|folders)\/\{id\}\/(direct-children|descendants)$/, 'read:hierarchical-content:confluence'],
  ['GET', /^\/wiki\/api\/v2\/pages\/\{id\}\/ancestors$/, 'read:content.metadata:confluence'],
  ['GET', /^\/wiki\/api\/v2\/folders\/\{id\}$/, 'read:folder:confluence'],
  ['GET', /^\/wiki\/api\/v2\/whiteboards\/\{id\}$/, 'read:whiteboard:confluence'],
  ['GET', /^\/wiki\/api\/v2\/databases\/\{id\}$/, 'read:database:confluence'],
  ['GET', /^\/wiki\/api\/v2\/embeds\/\{id\}$/, 'read:embed:confluence'],
  ['GET', /^\/wiki\/rest\/api\/user\/current$/, 'read:confluence-user'],
  ['GET', /^\/wiki\/rest\/api\/search$/, 'search:confluence'],
  ['GET', /^\/wiki\/rest\/api\/content\/\{id\}\/restriction$/, 'read:confluence-content.all'],
];

/** `/ex/confluence/<cloudId>/wiki/api/v2/pages/123` → `/wiki/api/v2/pages/{id}` (no query). */
export function pathTemplate(url: URL): string {
  const path = url.pathname.replace(/^\/ex\/confluence\/[^/]+(?=\/)/, '');
  return path.split('/').map((seg) => (/^\d+$/.test(seg) ? '{id}' : seg)).join('/');
}

export function requiredScope(method: string, url: URL): string | undefined {
  const template = pathTemplate(url);
  return SCOPES.find(([m, re]) => m === method && re.test(template))?.[2];
}
