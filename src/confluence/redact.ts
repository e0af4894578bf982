// Anything the server sends back may end up in an error message, and error messages end up in logs and
// notifications. A login page or a proxy error page can echo headers or cookies, so excerpts are cut
// short and scrubbed of anything that looks like a credential before they leave this module.

const EXCERPT_MAX = 200;

const SECRET_PATTERNS: { pattern: RegExp; replacement: string }[] = [
  // "name: value" / "name=value" pairs keep the name so the excerpt stays readable.
  { pattern: /\b(authorization|proxy-authorization|cookie|set-cookie|x-api-key|api[_-]?key|access[_-]?token|refresh[_-]?token|token|password|passwd|secret|session(?:id)?|jsessionid|cloud\.session\.token|tenant\.session\.token)\b(\s*["']?\s*[:=]\s*)("[^"]*"|'[^']*'|[^\s,;&<>"']+(?:\s+[^\s,;&<>"']+)?)/gi,
    replacement: '$1$2[redacted]' },
  { pattern: /\b(Basic|Bearer)\s+[A-Za-z0-9+/=._~-]{6,}/gi, replacement: '$1 [redacted]' },
  // Atlassian API tokens (classic and scoped) and JWTs, wherever they appear.
  { pattern: /\bAT[A-Z]{2,3}T[A-Za-z0-9_\-=+/]{8,}/g, replacement: '[redacted]' },
  { pattern: /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, replacement: '[redacted]' },
];

/** Replaces credential-looking substrings, and any of the caller's known secrets, with "[redacted]". */
export function redactSecrets(text: string, knownSecrets: readonly string[] = []): string {
  let out = text;
  for (const secret of knownSecrets) {
    if (secret.length >= 4) { out = out.split(secret).join('[redacted]'); }
  }
  for (const { pattern, replacement } of SECRET_PATTERNS) {
    out = out.replace(pattern, replacement);
  }
  return out;
}

/**
 * A short, readable, redacted excerpt of a response body. HTML is reduced to its title and text so an
 * SSO login page reads as "Log in to continue…" rather than a wall of markup.
 */
export function safeExcerpt(body: string, knownSecrets: readonly string[] = []): string {
  let text = body;
  if (/^\s*</.test(text)) {
    const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(text)?.[1]?.trim();
    const stripped = text
      .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
      .replace(/<[^>]*>/g, ' ');
    text = title ? `${title} — ${stripped}` : stripped;
  }
  text = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim();
  // Redact before cutting, so a token straddling the cut is not left half visible.
  text = redactSecrets(text, knownSecrets);
  return text.length <= EXCERPT_MAX ? text : `${text.slice(0, EXCERPT_MAX - 1)}…`;
}

const SECRET_QUERY_KEYS = /^(token|access_token|refresh_token|api_key|apikey|key|password|secret|sig|signature|code|jwt|auth)$/i;

/** Path plus query for logs and errors, with the values of credential-like query parameters hidden. */
export function safePath(url: URL): string {
  const params = new URLSearchParams(url.search);
  let changed = false;
  for (const key of [...new Set(params.keys())]) {
    if (SECRET_QUERY_KEYS.test(key)) {
      params.set(key, 'redacted');
      changed = true;
    }
  }
  const query = changed ? params.toString() : url.search.slice(1);
  return query ? `${url.pathname}?${query}` : url.pathname;
}
