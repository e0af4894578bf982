// One way to show that something is under way: a notification with the task's title, cancellable,
// whose cancellation aborts the requests the task makes.

import * as vscode from 'vscode';

export function withProgress<T>(title: string, task: (signal: AbortSignal) => Promise<T>): Promise<T> {
  return Promise.resolve(vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (_progress, token) => {
    const abort = new AbortController();
    const sub = token.onCancellationRequested(() => abort.abort());
    return task(abort.signal).finally(() => sub.dispose());
  }));
}
