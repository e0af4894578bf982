// A notification for an upload or a download: the file's name, how far it is ("12.3 MB of 100 MB"), a
// bar that fills, and a Cancel button that aborts the transfer where it is.

import * as vscode from 'vscode';
import type { TransferProgress } from '../confluence/organiseTypes';
import { progressText } from '../util/fileSizes';

export function withTransfer<T>(title: string, task: (onProgress: (p: TransferProgress) => void, signal: AbortSignal) => Promise<T>): Promise<T> {
  return Promise.resolve(vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
    const abort = new AbortController();
    const sub = token.onCancellationRequested(() => abort.abort());
    let shownPercent = 0;
    let shownAt = 0;
    const onProgress = (p: TransferProgress): void => {
      const percent = p.total ? Math.floor((p.transferred / p.total) * 100) : 0;
      const now = Date.now();
      // Reported when the bar moves, at most a few times a second: a 100 MB file arrives in 1,600 chunks.
      if (percent === shownPercent && now - shownAt < 500) { return; }
      progress.report({ increment: Math.max(0, percent - shownPercent), message: progressText(p.transferred, p.total) });
      shownPercent = percent;
      shownAt = now;
    };
    return task(onProgress, abort.signal).finally(() => sub.dispose());
  }));
}
