// One wrapper for every command: resolve the target into a CommandContext, run, and report what went
// wrong the same way everywhere — information for expected outcomes, an error message that says what
// to do next otherwise, and for a rejected token (401) the offer to sign in again.

import * as vscode from 'vscode';
import type { SiteSessions } from '../auth/siteSessions';
import { ConfluenceError } from '../confluence/errors';
import { PageError } from '../pages/pageErrors';
import { UserMessage } from '../platform/userMessage';
import type { CommandContext, CommandContexts } from './commandContext';

export interface CommandSpec {
  readonly id: string;
  /** Extra arguments after the target are passed on (e.g. a title from a test or a link). */
  run(ctx: CommandContext, ...rest: unknown[]): unknown;
}

export class CommandRunner {
  constructor(private readonly contexts: CommandContexts, private readonly sessions: SiteSessions, private readonly log: vscode.LogOutputChannel) {}

  register(specs: readonly CommandSpec[]): vscode.Disposable[] {
    return specs.map((spec) => vscode.commands.registerCommand(spec.id, (arg?: unknown, ...rest: unknown[]) => {
      const ctx = this.contexts.resolve(arg);
      return this.guard(() => Promise.resolve(spec.run(ctx, ...rest)), ctx, spec.id);
    }));
  }

  /** Runs an action outside a command (a link handler) with the same error reporting. */
  guard<T>(action: () => Promise<T>, ctx: CommandContext = {}, what = 'action'): Promise<T | undefined> {
    return action().catch((e: unknown) => {
      this.report(e, ctx, what);
      return undefined;
    });
  }

  report(e: unknown, ctx: CommandContext, what: string): void {
    if (e instanceof UserMessage) {
      void vscode.window.showInformationMessage(e.message);
      return;
    }
    const cause = e instanceof PageError ? e.cause : e;
    if (ConfluenceError.is(cause, 'cancelled')) { return; }
    if (ConfluenceError.is(cause, 'unauthorized')) {
      // Reported where it happened, or here: the session stops using the rejected token and offers
      // "Sign In Again" (once). A 401 from checking new credentials (Add Site) is just an error.
      if (this.sessions.wasHandled(cause)) { return; }
      if (ctx.origin) {
        this.sessions.reportError(ctx.origin, cause);
        return;
      }
    }
    const message = e instanceof Error ? e.message : String(e);
    this.log.warn(`[commands] ${what} failed: ${message}`);
    void vscode.window.showErrorMessage(message);
  }
}
