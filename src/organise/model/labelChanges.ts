// Label edits as the fewest requests: what to add (one request for all) and what to remove (one each).
// Free text becomes label names the way Confluence stores them (lower case); anything Confluence would
// refuse is reported before a request is made. Pure: no vscode import.

import { normaliseLabel } from '../../confluence/labelsApi';

export interface LabelChanges { add: string[]; remove: string[] }

export function labelChanges(current: readonly string[], chosen: readonly string[]): LabelChanges {
  const now = new Set(current.map((l) => l.toLowerCase()));
  const want = new Set(chosen.map((l) => l.toLowerCase()));
  return { add: [...want].filter((l) => !now.has(l)).sort(), remove: [...now].filter((l) => !want.has(l)).sort() };
}

/**
 * Names typed into the quick pick: separated by spaces or commas (a label cannot contain either).
 * Returns the valid names and, for the first invalid one, why it is refused.
 */
export function parseLabelInput(text: string): { names: string[]; problem?: string } {
  const names: string[] = [];
  for (const raw of text.split(/[\s,]+/)) {
    if (raw === '') { continue; }
    try {
      const name = normaliseLabel(raw);
      if (!names.includes(name)) { names.push(name); }
    } catch (e) {
      return { names, problem: e instanceof Error ? e.message : String(e) };
    }
  }
  return { names };
}
