// Pages shown as Markdown: the document's text is computed from the page's storage by the converter
// (src/pages/markdown), and a save turns it back into storage against the version it was made from,
// so every block the person did not touch goes back byte for byte. The converter is loaded on first
// use (it is a bundle of its own), which is why it comes in as a function.

import type { FormatCodec, PageFacts, StorageWrite } from './documentFormats';
import { NOTHING_LOST, type LossReport } from './lossReport';
import { markdownLossList } from './markdownLosses';
import type { PageFacts as ConverterFacts } from './markdown/frontMatter';
import type * as Converter from './markdown/bundle';
import { PageError } from './pageErrors';
import type { Snapshot } from './pageRepository';
import { l10n } from '../util/l10n';

export type MarkdownModule = Pick<typeof Converter, 'storageToMarkdown' | 'markdownToStorage' | 'removedOnSave'>;

export function markdownCodec(load: () => MarkdownModule): FormatCodec {
  return {
    render: (snapshot, facts) => load().storageToMarkdown(snapshot.body.text, converterFacts(facts)).markdown,
    toStorage: (text: string, base: Snapshot | undefined, facts: PageFacts | undefined): StorageWrite => {
      const result = load().markdownToStorage(text, base ? { storage: base.body.text, ...(facts ? { facts: converterFacts(facts) } : {}) } : undefined);
      if (!result.ok) {
        throw new PageError('Unknown', l10n.t('Not saved: line {0} of the Markdown cannot become Confluence storage: {1} Your text is kept; fix that line and save again.', result.line, result.reason));
      }
      if (result.changedReadOnlyFacts.length > 0) {
        const names = result.changedReadOnlyFacts.join(', ');
        throw new PageError('Unknown', result.changedReadOnlyFacts.length === 1
          ? l10n.t('Not saved: the front matter\'s {0} is read-only facts about the page (only "title" can be changed, which renames the page). Put the original value back; your text is kept.', names)
          : l10n.t('Not saved: the front matter\'s {0} are read-only facts about the page (only "title" can be changed, which renames the page). Put the original value back; your text is kept.', names));
      }
      return { storage: result.storage, ...(result.titleChange !== undefined ? { title: result.titleChange } : {}) };
    },
  };
}

/**
 * What a save from `before` to `after` would remove, by the converter's reading of both (comment
 * anchors, macros, references, layouts). The converter writes its sentence in English for its CLI;
 * the editor says the same items in the person's language (markdownLosses.ts).
 */
const COUNTED_ELEMENT = /<(?:ac|ri):/i;

export function markdownLosses(load: () => MarkdownModule): (before: string, after: string) => LossReport {
  return (before, after) => {
    if (before === after) { return NOTHING_LOST; }
    // Everything the check counts is an ac: or ri: element. A body without one has nothing to lose,
    // and the check — which parses both bodies, about 0.2 s for a 5 MB page — is not run.
    if (!COUNTED_ELEMENT.test(before)) { return NOTHING_LOST; }
    const report = load().removedOnSave(before, after);
    const list = markdownLossList(report.items);
    return { items: report.items, list, sentence: list === '' ? '' : l10n.t('This save removes: {0}', list) };
  };
}

function converterFacts(facts: PageFacts): ConverterFacts {
  return {
    title: facts.title, pageId: facts.pageId, version: facts.version,
    ...(facts.spaceKey !== undefined ? { spaceKey: facts.spaceKey } : {}), ...(facts.webUrl !== undefined ? { webLink: facts.webUrl } : {}),
  };
}
