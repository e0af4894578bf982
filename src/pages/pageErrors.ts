// The one error the page layer throws. Its code is the file-system vocabulary the editor understands
// (the provider turns it into the matching vscode.FileSystemError); its message is what a person reads.

export type PageErrorCode = 'FileNotFound' | 'NoPermissions' | 'Unavailable' | 'Unknown';

export class PageError extends Error {
  constructor(readonly code: PageErrorCode, message: string, override readonly cause?: unknown) {
    super(message);
    this.name = 'PageError';
  }
}

/** A save the page layer decided not to make (a conflict, a cancelled question): the text stays in the editor. */
export function saveRefused(message: string): PageError {
  return new PageError('Unavailable', message);
}
