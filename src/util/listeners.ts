// A minimal event source for the pure layers, which cannot use vscode.EventEmitter. The returned
// object has the `dispose()` shape VS Code expects, so subscriptions go into context.subscriptions.

export type Listener<T> = (event: T) => void;

export class Listeners<T> {
  private readonly listeners = new Set<Listener<T>>();

  on(listener: Listener<T>): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => { this.listeners.delete(listener); } };
  }

  fire(event: T): void {
    for (const listener of [...this.listeners]) { listener(event); }
  }
}
