// Text from outside (a server's error message, a page title, a host name) placed into Markdown that
// VS Code renders — tooltips, hovers — must stay text: no links, no images, no command: URIs.

/** Escapes every character Markdown (and the HTML it may contain) gives meaning to. */
export function markdownText(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~&"'=:]/g, '\\$&').replace(/\r?\n/g, ' ');
}
