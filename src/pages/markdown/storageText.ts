// Writing text, attribute values and CDATA the way Confluence Cloud's editor writes them. Only used
// for content that is new or edited: untouched bytes are never re-encoded.

/** Text content: `&`, `<`, `>` escaped; U+00A0 as `&nbsp;` (Cloud's spelling); the rest raw. */
export function encodeText(text: string): string {
  if (!/[&<>\u00a0]/.test(text)) { return text; }
  return text.replace(/[&<>\u00a0]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&nbsp;'));
}

/** An attribute value for double quotes. */
export function encodeAttribute(value: string): string {
  if (!/[&<>"\u00a0]/.test(value)) { return value; }
  return value.replace(/[&<>"\u00a0]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&nbsp;'));
}

/** A CDATA section holding `text`; a `]]>` inside is split across two sections, as Confluence does. */
export function cdata(text: string): string {
  return `<![CDATA[${text.replace(/\]\]>/g, ']]]]><![CDATA[>')}]]>`;
}

/** An element with attributes (in the given order) and inner storage. */
export function element(name: string, attributes: readonly (readonly [string, string])[], inner: string | undefined): string {
  const attrs = attributes.map(([k, v]) => ` ${k}="${encodeAttribute(v)}"`).join('');
  return inner === undefined ? `<${name}${attrs} />` : `<${name}${attrs}>${inner}</${name}>`;
}
