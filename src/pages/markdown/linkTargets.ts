// How Confluence link targets are written as Markdown link destinations:
//   page:Title              a page in the same space     <ri:page ri:content-title="Title"/>
//   page:KEY/Title          a page in space KEY          <ri:page ri:space-key="KEY" ri:content-title="Title"/>
//   page:KEY/Title#anchor   an anchor on that page       (ac:anchor on the ac:link)
//   #anchor                 an anchor on this page       <ac:link ac:anchor="anchor">
//   attachment:file.pdf     an attachment of this page   <ri:attachment ri:filename="file.pdf"/>
//   space:KEY               a space's home               <ri:space ri:space-key="KEY"/>
// Only `%`, `/`, `#`, `<`, `>` and control characters are percent-encoded inside a part, so titles
// stay readable (`[Setup](<page:ENG/Getting started>)`: Markdown allows spaces inside `<…>`).

export type LinkTarget =
  | { kind: 'page'; title: string; spaceKey?: string; anchor?: string }
  | { kind: 'anchor'; anchor: string }
  | { kind: 'attachment'; filename: string; anchor?: string }
  | { kind: 'space'; spaceKey: string; anchor?: string };

const ENCODE = /[%/#<>\u0000-\u001f\u007f]/g;

function encodePart(s: string): string {
  return s.replace(ENCODE, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

function decodePart(s: string): string | undefined {
  try { return decodeURIComponent(s); } catch { return undefined; }
}

export function linkTargetToUrl(target: LinkTarget): string {
  const anchor = 'anchor' in target && target.anchor !== undefined && target.kind !== 'anchor' ? `#${encodePart(target.anchor)}` : '';
  switch (target.kind) {
    case 'page': return `page:${target.spaceKey !== undefined ? `${encodePart(target.spaceKey)}/` : ''}${encodePart(target.title)}${anchor}`;
    case 'anchor': return `#${encodePart(target.anchor)}`;
    case 'attachment': return `attachment:${encodePart(target.filename)}${anchor}`;
    case 'space': return `space:${encodePart(target.spaceKey)}${anchor}`;
  }
}

/** The Confluence target of a Markdown destination, or undefined for an ordinary URL. */
export function urlToLinkTarget(url: string): LinkTarget | undefined {
  const hash = url.indexOf('#');
  const main = hash < 0 ? url : url.slice(0, hash);
  const anchorPart = hash < 0 ? undefined : decodePart(url.slice(hash + 1));
  if (hash >= 0 && anchorPart === undefined) { return undefined; }
  if (main === '' && anchorPart !== undefined) { return anchorPart === '' ? undefined : { kind: 'anchor', anchor: anchorPart }; }
  const withAnchor = <T extends object>(t: T): T & { anchor?: string } => (anchorPart === undefined ? t : { ...t, anchor: anchorPart });
  if (main.startsWith('page:')) {
    const rest = main.slice(5);
    const slash = rest.indexOf('/');
    const spaceKey = slash < 0 ? undefined : decodePart(rest.slice(0, slash));
    const title = decodePart(slash < 0 ? rest : rest.slice(slash + 1));
    if (title === undefined || title === '' || (slash >= 0 && (spaceKey === undefined || spaceKey === ''))) { return undefined; }
    return withAnchor(spaceKey === undefined ? { kind: 'page' as const, title } : { kind: 'page' as const, title, spaceKey });
  }
  if (main.startsWith('attachment:')) {
    const filename = decodePart(main.slice(11));
    return filename === undefined || filename === '' ? undefined : withAnchor({ kind: 'attachment' as const, filename });
  }
  if (main.startsWith('space:')) {
    const spaceKey = decodePart(main.slice(6));
    return spaceKey === undefined || spaceKey === '' ? undefined : withAnchor({ kind: 'space' as const, spaceKey });
  }
  return undefined;
}
