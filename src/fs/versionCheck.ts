// Runs the background version check of open `confluence:` documents every N minutes (setting
// `confluence.files.versionCheckIntervalMinutes`, 0 = off). One run at a time; the clock is injected
// so tests can drive it.

import type * as vscode from 'vscode';
import type { FsClock } from './fsTypes';

export class VersionCheckScheduler {
  private timer: { cancel(): void } | undefined;
  private running = false;
  private disposed = false;

  constructor(private readonly clock: FsClock, private readonly intervalMinutes: () => number,
    private readonly run: () => Promise<void>, private readonly log: Pick<vscode.LogOutputChannel, 'debug' | 'warn'>) {}

  /** (Re)starts the timer from the current setting; call after a configuration change. */
  reschedule(): void {
    this.timer?.cancel();
    this.timer = undefined;
    if (this.disposed) { return; }
    const minutes = this.intervalMinutes();
    if (!(minutes > 0)) { return; }
    this.timer = this.clock.setTimeout(() => { void this.tick(); }, minutes * 60_000);
  }

  private async tick(): Promise<void> {
    this.timer = undefined;
    if (!this.running) {
      this.running = true;
      try {
        await this.run();
      } catch (e) {
        this.log.warn(`[fs] version check failed: ${String(e)}`);
      } finally {
        this.running = false;
      }
    }
    this.reschedule();
  }

  dispose(): void {
    this.disposed = true;
    this.timer?.cancel();
    this.timer = undefined;
  }
}
