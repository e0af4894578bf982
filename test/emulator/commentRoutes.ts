// Comments (inline and footer, with replies and resolution) and page history: the v2 operations at
// their real paths. See routeKit.ts for the shared context and access rules.

import type { Route } from './routeKit';

export const commentRoutes: Route[] = [];
