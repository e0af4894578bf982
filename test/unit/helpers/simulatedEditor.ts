// A text editor as VS Code's text file model drives a FileSystemProvider, reduced to what decides a
// save (see docs/SAVING.md): open = stat ∥ readFile; save = will-save event, stat (the conflict gate:
// refused when the remote mtime is newer AND the size differs, unless the bytes are identical), write,
// stat (the new baseline, never older than the current one). A failed stat skips the checks. Tests of
// the page layer drive it exactly as the workbench would, without starting one.

import type { DocumentStat, PageDocuments } from '../../../src/pages/pageDocuments';
import type { PageLocation } from '../../../src/pages/pageUri';
import { SaveReason } from '../../../src/pages/saveRules';

export type SaveOutcome =
  | { outcome: 'saved' }
  /** VS Code's own "content is newer" notification (Compare / Overwrite). */
  | { outcome: 'conflict'; remote: DocumentStat }
  | { outcome: 'readonly' }
  | { outcome: 'failed'; error: Error };

export class SimulatedEditor {
  text = '';
  dirty = false;
  readonly = false;
  private baseline: { mtime: number; size: number } | undefined;

  constructor(private readonly documents: PageDocuments, readonly doc: string, readonly loc: PageLocation,
    private readonly autoSaveOptedIn = false) {}

  async open(): Promise<this> {
    const [stat, bytes] = await Promise.all([this.documents.stat(this.doc, this.loc, false), this.documents.read(this.doc, this.loc, false)]);
    this.text = Buffer.from(bytes).toString('utf8');
    this.baseline = { mtime: stat.mtime, size: stat.size };
    this.readonly = stat.readonly;
    this.dirty = false;
    return this;
  }

  type(edit: (text: string) => string): this {
    this.text = edit(this.text);
    this.dirty = true;
    return this;
  }

  /**
   * What VS Code does for a clean document when the file system reports a change: a stat, and a read
   * only when the time or size differs from its baseline ("not modified since" otherwise).
   */
  async reloadIfChanged(): Promise<boolean> {
    if (this.dirty) { return false; }
    const stat = await this.documents.stat(this.doc, this.loc, false);
    if (this.baseline && stat.mtime === this.baseline.mtime && stat.size === this.baseline.size) { return false; }
    this.text = Buffer.from(await this.documents.read(this.doc, this.loc, false)).toString('utf8');
    this.baseline = { mtime: stat.mtime, size: stat.size };
    return true;
  }

  /** A save as VS Code makes it; `overwrite` is the notification's Overwrite (the modified-since check is skipped). */
  async save(opts: { overwrite?: boolean; reason?: number } = {}): Promise<SaveOutcome> {
    this.documents.saveStarting(this.doc, opts.reason ?? SaveReason.Manual);
    let stat: DocumentStat | undefined;
    try {
      stat = await this.documents.stat(this.doc, this.loc, this.dirty);
    } catch {
      stat = undefined; // VS Code treats the file as possibly new and writes without its checks
    }
    const bytes = Buffer.from(this.text, 'utf8');
    if (stat) {
      if (stat.readonly) { return { outcome: 'readonly' }; }
      if (!opts.overwrite && this.baseline && this.baseline.mtime < stat.mtime && stat.size !== this.baseline.size) {
        // VS Code's escape: bytes of exactly the remote size are compared, and identical ones pass.
        const remote = bytes.length === stat.size ? Buffer.from(await this.documents.read(this.doc, this.loc, this.dirty)) : undefined;
        if (!remote?.equals(bytes)) { return { outcome: 'conflict', remote: stat }; }
      }
    }
    try {
      await this.documents.write(this.doc, this.loc, bytes, this.autoSaveOptedIn);
    } catch (e) {
      return { outcome: 'failed', error: e as Error };
    }
    const after = await this.documents.stat(this.doc, this.loc, true);
    if (!this.baseline || after.mtime >= this.baseline.mtime) { this.baseline = { mtime: after.mtime, size: after.size }; }
    this.dirty = false;
    return { outcome: 'saved' };
  }
}
