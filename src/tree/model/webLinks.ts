// Browser links for tree items. Pure (no vscode) so they are unit-tested. The v2 listings that feed
// the tree carry no _links, so the links are built from the documented web URL shapes.

import type { ContentType } from '../../confluence/types';

export function contentWebUrl(siteOrigin: string, spaceKey: string, type: ContentType, id: string): string {
  const space = `${siteOrigin}/wiki/spaces/${encodeURIComponent(spaceKey)}`;
  switch (type) {
    case 'page': return `${space}/pages/${encodeURIComponent(id)}`;
    case 'folder': return `${space}/folder/${encodeURIComponent(id)}`;
    case 'whiteboard': return `${space}/whiteboard/${encodeURIComponent(id)}`;
    case 'database': return `${space}/database/${encodeURIComponent(id)}`;
    case 'embed': return `${space}/embed/${encodeURIComponent(id)}`;
  }
}

export function spaceWebUrl(siteOrigin: string, spaceKey: string): string {
  return `${siteOrigin}/wiki/spaces/${encodeURIComponent(spaceKey)}/overview`;
}
