// Organising a space: moving pages, folders, labels and attachments, at their real v2/v1 paths.
// See routeKit.ts for the shared context and access rules; each area has its own route file.

import { attachmentRoutes } from './attachmentRoutes';
import { attachmentUploadRoutes } from './attachmentUploads';
import { folderRoutes } from './folderRoutes';
import { labelRoutes } from './labelRoutes';
import { moveRoutes } from './moveRoutes';
import type { Route } from './routeKit';

export const organiseRoutes: Route[] = [...moveRoutes, ...folderRoutes, ...labelRoutes, ...attachmentRoutes, ...attachmentUploadRoutes];
