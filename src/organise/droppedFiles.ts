// The files in a drop: Explorer files (`text/uri-list`) are read where they are; files from outside
// VS Code (the desktop) arrive as data and are written to a temporary folder first, removed afterwards.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';

export interface DroppedFiles { uris: vscode.Uri[]; cleanUp(): Promise<void> }

export async function droppedFiles(dataTransfer: vscode.DataTransfer, token: vscode.CancellationToken): Promise<DroppedFiles> {
  const uriList = await dataTransfer.get('text/uri-list')?.asString();
  if (uriList) {
    const uris = uriList.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#')).map((l) => vscode.Uri.parse(l));
    return { uris, cleanUp: async () => undefined };
  }
  let dir: string | undefined;
  const uris: vscode.Uri[] = [];
  for (const [, item] of dataTransfer) {
    const file = item.asFile();
    if (!file || token.isCancellationRequested) { continue; }
    if (file.uri?.scheme === 'file') { uris.push(file.uri); continue; }
    dir ??= await fs.promises.mkdtemp(path.join(os.tmpdir(), 'confluence-drop-'));
    const target = path.join(dir, path.basename(file.name) || 'file');
    await fs.promises.writeFile(target, await file.data());
    uris.push(vscode.Uri.file(target));
  }
  return { uris, cleanUp: async () => { if (dir) { await fs.promises.rm(dir, { recursive: true, force: true }); } } };
}
