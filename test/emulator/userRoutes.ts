// People: v2 `POST /users-bulk` (names for account ids, e.g. "version 7 by Oscar Other").

import { badBody } from './errors';
import { jsonBody, V2, type Ctx, type Reply, type Route } from './routeKit';

function usersBulk(ctx: Ctx): Reply {
  const body = jsonBody(ctx, true) ?? {};
  const ids = body.accountIds;
  if (!Array.isArray(ids) || ids.length === 0 || ids.length > 250 || !ids.every((id) => typeof id === 'string')) {
    throw badBody("Invalid message: 'accountIds' must be a list of 1 to 250 account ids.");
  }
  const results = (ids as string[]).flatMap((id) => {
    const u = ctx.store.userById(id);
    return u ? [{
      accountId: u.accountId, accountType: 'atlassian', accountStatus: 'active', displayName: u.displayName, publicName: u.displayName,
      // Email addresses follow each person's privacy setting; the emulator's people keep theirs private.
      email: '', timeZone: u.timeZone, isExternalCollaborator: false,
      profilePicture: { path: `/wiki/aa-avatar/${u.accountId}`, isDefault: false },
    }] : [];
  });
  return { status: 200, body: { results, _links: {} }, headers: { Link: `<${ctx.siteBase}>; rel="base"` } };
}

export const userRoutes: Route[] = [
  { method: 'POST', pattern: new RegExp(`^${V2}/users-bulk$`), auth: 'required', handler: usersBulk },
];
