// Confluence marks deprecated v1 operations with `Warning: 299 - "Deprecated API, will be removed on
// <date>"` (and a `Deprecation` date) on every answer. Worth one log line per operation, not one per
// request: a tree listing would otherwise repeat it hundreds of times.

import { headerValue } from './retryPolicy';
import { pathTemplate } from './scopes';

type Headers = Record<string, string | string[] | undefined>;

export class DeprecationLog {
  readonly #seen = new Set<string>();

  constructor(private readonly warn: ((message: string) => void) | undefined) {}

  /** Logs the deprecation of `method url`'s operation the first time an answer carries one. */
  note(method: string, url: URL, headers: Headers): void {
    const warning = headerValue(headers, 'warning');
    const match = warning !== undefined ? /^\s*299\s+\S+\s+"([^"]*)"/.exec(warning) : null;
    if (!match) { return; }
    const endpoint = `${method} ${pathTemplate(url)}`;
    if (this.#seen.has(endpoint)) { return; }
    this.#seen.add(endpoint);
    this.warn?.(`Confluence says ${endpoint} is deprecated: "${(match[1] ?? '').slice(0, 200)}"`);
  }
}
