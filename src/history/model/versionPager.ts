// A page's history, a batch at a time: newest first, 250 versions per request, the next batch only
// when someone asks for more ("Load more" in the list). Pure: it works on any batch source.

import type { Batch, PageVersion } from '../../confluence/types';
import { formatVersionTime } from '../../pages/pageMessages';
import { l10n } from '../../util/l10n';

export class VersionPager {
  readonly versions: PageVersion[] = [];
  private readonly iterator: AsyncIterator<Batch<PageVersion>>;
  private done = false;
  private loading: Promise<PageVersion[]> | undefined;

  constructor(source: AsyncIterable<Batch<PageVersion>>) {
    this.iterator = source[Symbol.asyncIterator]();
  }

  /** Whether another batch may exist (false once a batch said it was the last). */
  get hasMore(): boolean { return !this.done; }

  /** The next batch (one request); concurrent calls share it. */
  loadMore(): Promise<PageVersion[]> {
    if (this.done) { return Promise.resolve([]); }
    this.loading ??= (async () => {
      try {
        const next = await this.iterator.next();
        if (next.done) { this.done = true; return []; }
        this.versions.push(...next.value);
        if (next.value.hasMore === false) { this.done = true; }
        return next.value;
      } finally {
        this.loading = undefined;
      }
    })();
    return this.loading;
  }
}

export interface VersionText { label: string; description: string; detail?: string }

/** How a version reads in a list: "v7", "Oscar Other · 2026-11-26 09:05 UTC", "minor edit · Fix typo". */
export function versionText(v: PageVersion, names: ReadonlyMap<string, string>, opts: { current?: number; me?: string } = {}): VersionText {
  const who = v.authorId === undefined ? l10n.t('someone') : v.authorId === opts.me ? l10n.t('you') : names.get(v.authorId) ?? l10n.t('account {0}', v.authorId);
  const notes = [
    ...(v.number === opts.current ? [l10n.t({ message: 'current', comment: ['A note on the page\'s current version in the history list.'] })] : []),
    ...(v.minorEdit ? [l10n.t('minor edit')] : []),
  ];
  const message = v.message?.trim();
  const detail = noIcons([notes.join(', '), message ? `“${message}”` : ''].filter(Boolean).join(' · '));
  return { label: `v${v.number}`, description: noIcons(`${who} · ${formatVersionTime(Date.parse(v.createdAt))}`), ...(detail ? { detail } : {}) };
}

/** Server text for a quick pick, where `$(name)` would render as an icon. */
function noIcons(text: string): string {
  return text.replace(/\$\(/g, '$\u200b(');
}
