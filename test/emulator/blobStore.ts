// Where uploaded attachment bytes go: one temporary directory per emulator, created on the first
// upload and removed on close, so a 100 MB upload never sits in memory and never outlives the run.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export class BlobStore {
  private dir: string | undefined;
  private counter = 0;
  private readonly files = new Set<string>();
  private closed = false;

  /** A fresh file path in the emulator's directory (the caller writes it). */
  newPath(): string {
    // An upload still being read while the emulator closes must not create a directory nobody removes.
    if (this.closed) { throw new Error('the emulator is closed'); }
    this.dir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'confluence-emulator-'));
    const p = path.join(this.dir, `blob-${++this.counter}`);
    this.files.add(p);
    return p;
  }

  discard(p: string): void {
    this.files.delete(p);
    fs.rmSync(p, { force: true });
  }

  /** Files currently kept (uploads of the live store, and any upload still being written). */
  count(): number { return this.files.size; }

  /** Forget every file (the store they belonged to was replaced). */
  clear(): void {
    for (const p of this.files) { fs.rmSync(p, { force: true }); }
    this.files.clear();
  }

  close(): void {
    this.closed = true;
    this.clear();
    if (this.dir) { fs.rmSync(this.dir, { recursive: true, force: true }); }
    this.dir = undefined;
  }
}
