// File sizes and attachment one-liners as people read them, shared by the tree's attachment rows and
// the attachment commands. Pure: no vscode import.

/** 1,234 bytes → "1.2 KB" (decimal units, as Confluence shows sizes). */
export function formatSize(bytes: number | undefined): string {
  if (bytes === undefined || !Number.isFinite(bytes) || bytes < 0) { return 'size unknown'; }
  if (bytes < 1000) { return `${bytes} B`; }
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 999.95 && unit < units.length - 1) { value /= 1000; unit++; }
  return `${value >= 100 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

/** "PNG Image · 12.3 KB · version 2" */
export function describeFile(a: { mediaType?: string; mediaTypeDescription?: string; fileSize?: number; version: number }): string {
  const type = a.mediaTypeDescription ?? a.mediaType ?? 'File';
  return `${type} · ${formatSize(a.fileSize)} · version ${a.version}`;
}

/** A progress line: "12.3 MB of 100 MB". */
export function progressText(transferred: number, total: number | undefined): string {
  return total !== undefined ? `${formatSize(transferred)} of ${formatSize(total)}` : formatSize(transferred);
}
