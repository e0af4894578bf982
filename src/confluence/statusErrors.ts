// Turns a non-2xx answer into a ConfluenceError: Confluence's own error bodies (v2 `errors[]`, v1
// `message`), the stale-version detail of a 409, and the API gateway's scope check, whose 401 is not
// about the token at all.

import * as z from 'zod/mini';
import { errorForStatus, missingScopeError, type ConfluenceError, type FailureContext } from './errors';
import { headerValue } from './retryPolicy';
import { ErrorBodySchema } from './schemas';

type Headers = Record<string, string | string[] | undefined>;

const GatewayErrorSchema = z.object({ message: z.optional(z.string()) });

export function statusError(status: number, ctx: FailureContext, text: string, headers: Headers, redact: (t: string) => string,
  scope: () => string | undefined): ConfluenceError {
  if (status === 401 && isScopeMismatch(headers, text)) { return missingScopeError(ctx, scope()); }
  const body = parseErrorBody(text);
  const title = body?.errors?.[0]?.title ?? body?.message ?? undefined;
  const serverText = title ? redact(title) : undefined;
  const currentVersion = status === 409 && title ? parseCurrentVersion(title) : undefined;
  return errorForStatus(status, ctx, serverText, currentVersion !== undefined ? { currentVersion } : {});
}

/** `X-Failure-Category: FAILURE_CLIENT_SCOPE_CHECK`, or the gateway's "scope does not match" body. */
export function isScopeMismatch(headers: Headers, text: string): boolean {
  if (headerValue(headers, 'x-failure-category') === 'FAILURE_CLIENT_SCOPE_CHECK') { return true; }
  try {
    const parsed = z.safeParse(GatewayErrorSchema, JSON.parse(text));
    return parsed.success && /scope does not match/i.test(parsed.data.message ?? '');
  } catch {
    return false;
  }
}

function parseErrorBody(text: string): z.infer<typeof ErrorBodySchema> | undefined {
  try {
    const result = z.safeParse(ErrorBodySchema, JSON.parse(text));
    return result.success ? result.data : undefined;
  } catch {
    return undefined;
  }
}

/** "Version must be incremented ... Current Version: [6]. Provided version: [5]" → 6. */
export function parseCurrentVersion(title: string): number | undefined {
  const m = /Current Version:\s*\[(\d+)\]/i.exec(title);
  return m?.[1] !== undefined ? Number(m[1]) : undefined;
}
