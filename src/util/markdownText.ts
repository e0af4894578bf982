// Text from outside (a server's error message, a page title, a host name) placed into Markdown that
// VS Code renders — tooltips, hovers — must stay text: no links, no images, no command: URIs.

/**
 * Escapes what Markdown (and the HTML it may contain) gives meaning to inside a line: emphasis, code,
 * links and images, HTML tags and entities, tables. Line breaks become spaces, so nothing can start a
 * heading, a list or a block of its own.
 */
export function markdownText(text: string): string {
  return text.replace(/[\\`*_{}[\]()#|<>~&$]/g, '\\$&').replace(/[\r\n]+/g, ' ');
}
