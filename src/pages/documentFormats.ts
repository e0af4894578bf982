// How a version of a page becomes the text of a document, and a document's text becomes the storage
// to write. Storage documents are the page's bytes as they are; other forms (Markdown) are views
// computed from the storage and converted back against the version the text was based on, so
// everything the view does not show goes back untouched. Renderings are cached per version: stat's
// size must be the exact byte length readFile returns for that same version.

import type { PageMeta } from './pageCache';
import { PageError } from './pageErrors';
import type { Snapshot } from './pageRepository';
import { pageWebUrl } from './pageLinks';
import type { PageFormat, PageLocation } from './pageUri';
import { utf8ByteLength } from './storageFormat';
import { l10n } from '../util/l10n';

export type DocumentFormat = PageFormat;

export interface DocumentView {
  text: string;
  /** Exact UTF-8 byte length of text: what stat reports as size. */
  size: number;
}

/** Facts a view may show next to the content (Markdown shows them in its front matter). */
export interface PageFacts {
  title: string;
  spaceKey?: string;
  pageId: string;
  version: number;
  webUrl?: string;
}

/** What writing a document's text means for the page. */
export interface StorageWrite {
  storage: string;
  /** A new title the document asks for (Markdown's front matter), when it differs from the base's. */
  title?: string;
}

export interface FormatCodec {
  render(snapshot: Snapshot, facts: PageFacts): string;
  /** Throws PageError when the text cannot become storage Confluence accepts (the text stays in the editor). */
  toStorage(text: string, base: Snapshot | undefined, facts: PageFacts | undefined): StorageWrite;
}

export const storageCodec: FormatCodec = {
  render: (snapshot) => snapshot.body.text,
  toStorage: (text) => ({ storage: text }),
};

/** Renders views once per (page, version, format). */
export class DocumentViews {
  private readonly cache = new Map<string, DocumentView>();

  constructor(private readonly codecs: (format: DocumentFormat) => FormatCodec, private readonly maxEntries = 100) {}

  view(format: DocumentFormat, snapshot: Snapshot, facts: PageFacts): DocumentView {
    if (format === 'storage') { return { text: snapshot.body.text, size: snapshot.body.size }; }
    // The body's size too: a version's body can change in place (an inline comment's marker is added
    // without a new version), and a marker always makes it longer.
    const key = `${format}|${snapshot.meta.pageId}@${snapshot.meta.version}|${snapshot.body.size}|${snapshot.meta.title}|${facts.spaceKey ?? ''}`;
    const hit = this.cache.get(key);
    if (hit) { return hit; }
    const text = this.codecs(format).render(snapshot, facts);
    const view = { text, size: utf8ByteLength(text) };
    if (this.cache.size >= this.maxEntries) { this.cache.delete(this.cache.keys().next().value as string); }
    this.cache.set(key, view);
    return view;
  }

  toStorage(format: DocumentFormat, text: string, base: Snapshot | undefined, facts: PageFacts | undefined): StorageWrite {
    try {
      return this.codecs(format).toStorage(text, base, facts);
    } catch (e) {
      if (e instanceof PageError) { throw e; }
      throw new PageError('Unknown', l10n.t('Not saved: the document could not be turned into Confluence storage ({0}). Your text is kept.', e instanceof Error ? e.message : String(e)), e);
    }
  }
}

/** The facts a view of `meta` shows, for a document at `loc` on the site at `siteOrigin`. */
export function factsOf(meta: PageMeta, loc: PageLocation, siteOrigin: string | undefined): PageFacts {
  return {
    title: meta.title, pageId: meta.pageId, version: meta.version,
    ...(loc.spaceKey !== undefined ? { spaceKey: loc.spaceKey } : {}),
    ...(siteOrigin !== undefined ? { webUrl: pageWebUrl(siteOrigin, { pageId: meta.pageId, ...(loc.spaceKey ? { spaceKey: loc.spaceKey } : {}) }) } : {}),
  };
}
