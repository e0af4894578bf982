// How an attachment is opened: what kind of file it is for VS Code, and how large a file is still
// opened inside VS Code rather than downloaded. Pure: no vscode import.

import type { Attachment } from '../../confluence/organiseTypes';

/** What VS Code can show an attachment as: an image preview, a text document, or nothing built in. */
export type AttachmentViewer = 'image' | 'text' | 'pdf' | 'binary';

/** The largest attachment opened inside VS Code (it is read into memory); bigger ones are downloaded. */
export const MAX_OPEN_BYTES = 20 * 1024 * 1024;

const TEXT_TYPES = new Set(['application/json', 'application/xml', 'application/javascript', 'application/x-yaml', 'application/yaml',
  'application/x-sh', 'application/sql', 'image/svg+xml']);
const TEXT_EXTENSIONS = /\.(txt|md|markdown|csv|tsv|json|xml|ya?ml|log|ini|cfg|conf|toml|sh|ps1|py|js|ts|java|go|rs|sql|html?|css)$/i;
const IMAGE_EXTENSIONS = /\.(png|jpe?g|gif|webp|bmp|ico)$/i;

export function viewerFor(a: Pick<Attachment, 'title' | 'mediaType'>): AttachmentViewer {
  const type = (a.mediaType ?? '').toLowerCase();
  if (type === 'image/svg+xml') { return 'image'; }
  if (type.startsWith('image/') || IMAGE_EXTENSIONS.test(a.title)) { return 'image'; }
  if (type === 'application/pdf' || /\.pdf$/i.test(a.title)) { return 'pdf'; }
  if (type.startsWith('text/') || TEXT_TYPES.has(type) || TEXT_EXTENSIONS.test(a.title)) { return 'text'; }
  return 'binary';
}
