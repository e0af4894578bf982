// The vocabulary shared by both directions: which directive names stand for which storage elements,
// how attribute names are shortened, and which attributes are "form" rather than content.

/** Text directive for a raw piece of inline storage: `:confluence[<ac:link>…</ac:link>]`. */
export const RAW_DIRECTIVE = 'confluence';
/** Directive for a macro whose name is taken by another form: `:macro{name=comment}`. */
export const MACRO_DIRECTIVE = 'macro';
/** The attribute that carries a macro's unnamed (default) parameter. */
export const DEFAULT_PARAMETER = 'default';

/** `ac:` elements with phrasing content or none, written as `:name[…]{…}` with `ac:` dropped from attribute names. */
export const AC_INLINE_ELEMENTS: ReadonlyMap<string, string> = new Map([
  ['ac:inline-comment-marker', 'comment'],
  ['ac:emoticon', 'emoticon'],
  ['ac:placeholder', 'placeholder'],
]);
export const AC_INLINE_DIRECTIVES: ReadonlyMap<string, string> = new Map([...AC_INLINE_ELEMENTS].map(([k, v]) => [v, k]));

/**
 * HTML inline elements written as `:name[…]{…}` with their attributes as they are, when plain Markdown
 * has no exact equivalent (underline, colour spans, sub/superscript, or a `<strong>` with attributes).
 */
export const HTML_INLINE_ELEMENTS: ReadonlySet<string> = new Set([
  'span', 'u', 'sub', 'sup', 'b', 'i', 'del', 'ins', 'small', 'big', 'font', 'cite', 'q', 'abbr', 'mark', 'kbd', 'var', 'samp',
  'dfn', 'strike', 'tt', 'a', 'code', 'em', 'strong', 's', 'time', 'br',
]);

/** Directive names that never mean "the macro of that name". */
export const RESERVED_DIRECTIVES: ReadonlySet<string> = new Set([
  RAW_DIRECTIVE, MACRO_DIRECTIVE, 'mention', 'image', ...AC_INLINE_DIRECTIVES.keys(), ...HTML_INLINE_ELEMENTS,
]);

const DIRECTIVE_NAME = /^[A-Za-z][\w-]*$/;

/** Whether a macro can be written under its own name (`:status{…}`) rather than `:macro{name=…}`. */
export function macroHasOwnDirective(name: string): boolean {
  return DIRECTIVE_NAME.test(name) && !RESERVED_DIRECTIVES.has(name) && !name.includes('_');
}

/**
 * Attributes that identify or lay out an element rather than say something about its content: ids
 * Confluence assigns, schema versions, width modes. The Markdown does not show them; a block edited in
 * Markdown keeps the ones its original element had, a new block gets Cloud's defaults.
 */
export const FORM_ATTRIBUTES: ReadonlySet<string> = new Set([
  'local-id', 'ac:local-id', 'ri:local-id', 'data-local-id', 'ac:macro-id', 'ac:schema-version', 'data-layout', 'data-table-width',
  'ri:version-at-save', 'ac:breakout-mode', 'ac:breakout-width', 'ac:original-height', 'ac:original-width', 'ac:custom-width',
]);

export function isFormAttribute(name: string): boolean {
  return FORM_ATTRIBUTES.has(name);
}

/** `ac:name` → `name`; other names stay as they are. Undefined when that would be ambiguous. */
export function shortAttributeName(name: string): string | undefined {
  if (name.startsWith('ac:')) { return name.slice(3); }
  return name.includes(':') ? name : undefined;
}

/** The inverse of shortAttributeName for `ac:` elements. */
export function fullAttributeName(short: string): string {
  return short.includes(':') ? short : `ac:${short}`;
}
