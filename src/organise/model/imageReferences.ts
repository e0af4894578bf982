// What a pasted or dropped file becomes in a page document once it is attached: an image reference, or
// a link to the attachment, in the document's own form — Markdown (`![alt](attachment:name.png)`, the
// Markdown view's link target for attachments) or storage format (`<ac:image><ri:attachment …/>`).
// Also the name a pasted image is stored under. Pure: no vscode import.

export type DocumentForm = 'markdown' | 'storage';

import { linkTargetToUrl } from '../../pages/markdown/linkTargets';

const escapeXml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The Markdown view's link destination for an attachment, in `<…>` when it holds spaces or brackets. */
export function attachmentTarget(filename: string): string {
  const url = linkTargetToUrl({ kind: 'attachment', filename });
  return /[\s()<>]/.test(url) ? `<${url}>` : url;
}

function markdownText(s: string): string {
  return s.replace(/[\\[\]*_`<>]/g, '\\$&');
}

export function isImageName(filename: string, mediaType?: string): boolean {
  return (mediaType?.startsWith('image/') ?? false) || /\.(png|jpe?g|gif|webp|bmp|svg)$/i.test(filename);
}

/** The text inserted for an attached file: an image for images, a link for anything else. */
export function attachmentReference(form: DocumentForm, filename: string, options: { image: boolean; alt?: string }): string {
  const alt = options.alt ?? filename.replace(/\.[^.]+$/, '');
  if (form === 'markdown') {
    return options.image ? `![${markdownText(alt)}](${attachmentTarget(filename)})` : `[${markdownText(filename)}](${attachmentTarget(filename)})`;
  }
  const resource = `<ri:attachment ri:filename="${escapeXml(filename)}" />`;
  return options.image
    ? `<ac:image ac:alt="${escapeXml(alt)}">${resource}</ac:image>`
    : `<ac:link>${resource}<ac:plain-text-link-body><![CDATA[${filename.replace(/]]>/g, ']]]]><![CDATA[>')}]]></ac:plain-text-link-body></ac:link>`;
}

const EXTENSIONS: Record<string, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/gif': 'gif', 'image/webp': 'webp', 'image/bmp': 'bmp', 'image/svg+xml': 'svg' };

/** `image-20261126-090000.png`, or with `-2`, `-3`… when the page already has a file of that name. */
export function pastedImageName(mediaType: string, now: Date, taken: ReadonlySet<string>): string {
  const ext = EXTENSIONS[mediaType.toLowerCase()] ?? 'png';
  const p = (n: number): string => String(n).padStart(2, '0');
  const stamp = `${now.getUTCFullYear()}${p(now.getUTCMonth() + 1)}${p(now.getUTCDate())}-${p(now.getUTCHours())}${p(now.getUTCMinutes())}${p(now.getUTCSeconds())}`;
  return freeName(`image-${stamp}.${ext}`, taken);
}

/** The name itself when free, else `name-2.ext`, `name-3.ext`… (names compare case-insensitively). */
export function freeName(name: string, taken: ReadonlySet<string>): string {
  const lower = new Set([...taken].map((t) => t.toLowerCase()));
  if (!lower.has(name.toLowerCase())) { return name; }
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  const ext = dot > 0 ? name.slice(dot) : '';
  for (let i = 2; ; i++) {
    const candidate = `${stem}-${i}${ext}`;
    if (!lower.has(candidate.toLowerCase())) { return candidate; }
  }
}
