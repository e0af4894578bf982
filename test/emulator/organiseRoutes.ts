// Organising a space: moving pages, folders, labels and attachments, at their real v2/v1 paths.
// See routeKit.ts for the shared context and access rules.

import type { Route } from './routeKit';

export const organiseRoutes: Route[] = [];
