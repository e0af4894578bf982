// File sizes and attachment one-liners as people read them, shared by the tree's attachment rows and
// the attachment commands. Pure: no vscode import.

import { l10n } from './l10n';

/** 1,234 bytes → "1.2 KB" (decimal units, as Confluence shows sizes). */
export function formatSize(bytes: number | undefined): string {
  if (bytes === undefined || !Number.isFinite(bytes) || bytes < 0) { return l10n.t('size unknown'); }
  if (bytes < 1000) { return l10n.t('{0} B', bytes); }
  const units = [(n: string) => l10n.t('{0} KB', n), (n: string) => l10n.t('{0} MB', n), (n: string) => l10n.t('{0} GB', n), (n: string) => l10n.t('{0} TB', n)];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 999.95 && unit < units.length - 1) { value /= 1000; unit++; }
  return units[unit]!(value >= 100 ? String(Math.round(value)) : value.toFixed(1));
}

/** "PNG Image · 12.3 KB · version 2" */
export function describeFile(a: { mediaType?: string; mediaTypeDescription?: string; fileSize?: number; version: number }): string {
  const type = a.mediaTypeDescription ?? a.mediaType ?? l10n.t('File');
  return l10n.t('{0} · {1} · version {2}', type, formatSize(a.fileSize), a.version);
}

/** A progress line: "12.3 MB of 100 MB". */
export function progressText(transferred: number, total: number | undefined): string {
  return total !== undefined ? l10n.t({ message: '{0} of {1}', args: [formatSize(transferred), formatSize(total)], comment: ['Progress of a transfer: "12.3 MB of 100 MB".'] }) : formatSize(transferred);
}
