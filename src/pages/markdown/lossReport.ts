// What a save would remove from a page that Markdown editing could make disappear without anyone
// noticing: macros, references to pages, attachments and people, inline-comment anchors and layout
// sections. Counted on the parsed trees (look-alikes inside CDATA are text, not elements).
import { attribute, parseStorage, type StorageNode } from './storageTree';

export interface LossItem {
  /** `macro`, `page link`, `attachment`, `mention`, `reference`, `comment anchor` or `layout section`. */
  readonly kind: string;
  /** What was removed: a macro's name, a page title, a file name, an account id… */
  readonly label: string;
  readonly count: number;
}

export interface LossReport {
  readonly items: LossItem[];
  /** "This save removes: 1 Jira macro, 2 comment anchors" — empty when nothing is removed. */
  readonly sentence: string;
}

interface Inventory {
  /** macro name → ids of macros that have one */
  macroIds: Map<string, string[]>;
  /** macro name → count of macros without an id */
  anonymousMacros: Map<string, number>;
  /** kind + label → count */
  references: Map<string, { kind: string; label: string; count: number }>;
  commentRefs: Map<string, number>;
  layoutSections: number;
}

function add<K>(map: Map<K, number>, key: K): void { map.set(key, (map.get(key) ?? 0) + 1); }

function reference(el: { name: string } & Parameters<typeof attribute>[0]): { kind: string; label: string } {
  const a = (n: string): string => attribute(el, n) ?? '';
  switch (el.name) {
    case 'ri:page': return { kind: 'page link', label: a('ri:space-key') ? `${a('ri:space-key')}:${a('ri:content-title')}` : a('ri:content-title') };
    case 'ri:blog-post': return { kind: 'page link', label: `${a('ri:space-key')}:${a('ri:posting-day')}/${a('ri:content-title')}` };
    case 'ri:attachment': return { kind: 'attachment', label: a('ri:filename') };
    case 'ri:user': return { kind: 'mention', label: a('ri:account-id') || a('ri:userkey') || a('ri:username') };
    default: return { kind: 'reference', label: `${el.name.slice(3)} ${el.attributes.filter((x) => x.name !== 'ri:local-id' && x.name !== 'ri:version-at-save').map((x) => `${x.name}=${x.raw}`).join(' ')}`.trim() };
  }
}

function inventory(storage: string): Inventory {
  const inv: Inventory = { macroIds: new Map(), anonymousMacros: new Map(), references: new Map(), commentRefs: new Map(), layoutSections: 0 };
  const walk = (nodes: readonly StorageNode[]): void => {
    for (const node of nodes) {
      if (node.kind !== 'element') { continue; }
      if (node.name === 'ac:structured-macro' || node.name === 'ac:macro') {
        const name = attribute(node, 'ac:name') ?? '';
        const id = attribute(node, 'ac:macro-id');
        if (id) { inv.macroIds.set(name, [...(inv.macroIds.get(name) ?? []), id]); } else { add(inv.anonymousMacros, name); }
      } else if (node.name === 'ac:inline-comment-marker') {
        const ref = attribute(node, 'ac:ref');
        if (ref) { add(inv.commentRefs, ref); }
      } else if (node.name === 'ac:layout-section') {
        inv.layoutSections++;
      } else if (node.name.startsWith('ri:')) {
        const r = reference(node);
        const key = `${r.kind}\u0000${r.label}`;
        const known = inv.references.get(key);
        if (known) { known.count++; } else { inv.references.set(key, { ...r, count: 1 }); }
      }
      walk(node.children);
    }
  };
  walk(parseStorage(storage).children);
  return inv;
}

function macroLabel(name: string): string {
  return name === '' ? 'unnamed' : name.charAt(0).toUpperCase() + name.slice(1);
}

/** What disappears when `newStorage` replaces `baseStorage`. */
export function removedOnSave(baseStorage: string, newStorage: string): LossReport {
  const before = inventory(baseStorage);
  const after = inventory(newStorage);
  const items: LossItem[] = [];
  const names = new Set([...before.macroIds.keys(), ...before.anonymousMacros.keys()]);
  for (const name of names) {
    const beforeIds = before.macroIds.get(name) ?? [];
    const afterIds = new Set(after.macroIds.get(name) ?? []);
    const lostIds = beforeIds.filter((id) => !afterIds.has(id)).length;
    // A macro regenerated with a new id is a replacement, not a removal.
    const newIds = [...afterIds].filter((id) => !beforeIds.includes(id)).length;
    const anonymous = (before.anonymousMacros.get(name) ?? 0) - (after.anonymousMacros.get(name) ?? 0);
    const count = Math.max(0, lostIds - newIds + anonymous);
    if (count > 0) { items.push({ kind: 'macro', label: name, count }); }
  }
  for (const [key, r] of before.references) {
    const count = r.count - (after.references.get(key)?.count ?? 0);
    if (count > 0) { items.push({ kind: r.kind, label: r.label, count }); }
  }
  for (const [ref, n] of before.commentRefs) {
    const count = n - (after.commentRefs.get(ref) ?? 0);
    if (count > 0) { items.push({ kind: 'comment anchor', label: ref, count }); }
  }
  if (before.layoutSections > after.layoutSections) { items.push({ kind: 'layout section', label: 'layout', count: before.layoutSections - after.layoutSections }); }
  return { items, sentence: sentence(items) };
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function sentence(items: readonly LossItem[]): string {
  if (items.length === 0) { return ''; }
  const parts: string[] = [];
  const macros = new Map<string, number>();
  const kinds = new Map<string, number>();
  for (const item of items) {
    if (item.kind === 'macro') { macros.set(item.label, (macros.get(item.label) ?? 0) + item.count); } else { kinds.set(item.kind, (kinds.get(item.kind) ?? 0) + item.count); }
  }
  for (const [name, n] of macros) { parts.push(plural(n, `${macroLabel(name)} macro`)); }
  for (const [kind, n] of kinds) { parts.push(plural(n, kind)); }
  return `This save removes: ${parts.join(', ')}`;
}
