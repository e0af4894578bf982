// The translator seam of the pure layers. They may not import `vscode`, yet they write most of the
// messages people read (errors, refusals, confirmations), so they call `l10n.t(...)` from here exactly
// as VS Code-facing code calls `vscode.l10n.t(...)`: one whole sentence with {0} / {name}
// placeholders, never fragments glued together. Activation installs `vscode.l10n.t` as the
// translator; until then — unit tests, the emulator, scripts — a message is its English text with the
// placeholders filled in, the way VS Code does it for English.
//
// `npm run l10n` extracts these calls into l10n/bundle.l10n.json (scripts/l10nExport.ts), so import
// the seam as `import { l10n } from '../util/l10n'` and pass the message as a literal.

export type L10nArgs = (string | number | boolean)[] | Record<string, unknown>;

/** The three call shapes of `vscode.l10n.t`; `comment` tells translators what a short message means. */
export interface Translate {
  (message: string, ...args: (string | number | boolean)[]): string;
  (message: string, args: Record<string, unknown>): string;
  (options: { message: string; args?: L10nArgs; comment: string | string[] }): string;
}

/**
 * The installed translator lives on a global symbol rather than in this module, because the pure
 * layers are bundled twice (dist/extension.js and the lazily loaded dist/markdown.js): both copies of
 * this module must translate once activation has installed `vscode.l10n.t`.
 */
const SLOT = Symbol.for('confluence-vscode.l10n.translator');
type Slot = { [SLOT]?: Translate };

/** Fills {0} or {name} from the arguments; an unknown placeholder stays as written (VS Code's rule). */
export function formatMessage(message: string, args: L10nArgs | undefined): string {
  const values = (args ?? {}) as Record<string, unknown>;
  if (Object.keys(values).length === 0) { return message; }
  return message.replace(/{([^}]+)}/g, (whole, name: string) => String(values[name] ?? whole));
}

function english(...params: unknown[]): string {
  const [first, ...rest] = params;
  if (typeof first === 'string') {
    // As VS Code: an object after the message holds named arguments, anything else is positional.
    return formatMessage(first, typeof rest[0] === 'object' ? rest[0] as Record<string, unknown> : rest as (string | number | boolean)[]);
  }
  const options = first as { message: string; args?: L10nArgs };
  return formatMessage(options.message, options.args);
}

function translate(...params: unknown[]): string {
  const installed = (globalThis as Slot)[SLOT] as ((...p: unknown[]) => string) | undefined;
  return (installed ?? english)(...params);
}

export const l10n: { readonly t: Translate } = { t: translate as Translate };

/** Activation passes `vscode.l10n.t`; `undefined` goes back to English (tests). */
export function setTranslator(translate: Translate | undefined): void {
  if (translate) { (globalThis as Slot)[SLOT] = translate; } else { delete (globalThis as Slot)[SLOT]; }
}
