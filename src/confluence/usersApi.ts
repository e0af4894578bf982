// Who the credentials belong to, and whether that account administers Confluence.

import { V1, type ConfluenceApi } from './api';
import { ConfluenceError } from './errors';
import { CurrentUserSchema } from './schemas';
import type { Account, RequestOptions } from './types';

const CURRENT_USER = `${V1}/user/current`;

export async function currentUser(api: ConfluenceApi, o?: RequestOptions): Promise<Account> {
  const user = await api.getJson(CURRENT_USER, CurrentUserSchema, o);
  return {
    accountId: user.accountId,
    displayName: user.displayName ?? user.publicName ?? user.accountId,
    ...(user.email ? { email: user.email } : {}),
  };
}

/**
 * Whether the account administers Confluence ("administer" on the application), from
 * user/current?expand=operations. Only such accounts can hold an admin key (on Premium/Enterprise),
 * so the status bar can say "not available" without probing the admin-key API. Throws
 * invalidResponse when the server does not list operations, so callers can fall back to "unknown".
 */
export async function isConfluenceAdmin(api: ConfluenceApi, o?: RequestOptions): Promise<boolean> {
  const user = await api.getJson(CURRENT_USER, CurrentUserSchema, { ...o, query: { expand: 'operations' }, useAdminKey: false });
  if (!user.operations) {
    throw new ConfluenceError('invalidResponse', `Confluence on ${api.siteHost} did not list the account's permitted operations, so admin status is unknown.`,
      { method: 'GET', path: CURRENT_USER });
  }
  return user.operations.some((op) => op.operation === 'administer' && op.targetType === 'application');
}
