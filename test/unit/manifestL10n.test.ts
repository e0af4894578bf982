// Every string the manifest shows a person comes from package.nls.json (and its translations), so a
// new command title or setting description written as a literal fails here instead of staying English.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';

const root = path.resolve(__dirname, '..', '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
const nls = JSON.parse(fs.readFileSync(path.join(root, 'package.nls.json'), 'utf8')) as Record<string, unknown>;

/** VS Code replaces a whole string value of this form by the message of that key. */
const PLACEHOLDER = /^%([\w.-]+)%$/;

type Json = unknown;
const objects = (v: Json): Record<string, Json>[] => (Array.isArray(v) ? v.filter((x): x is Record<string, Json> => typeof x === 'object' && x !== null) : []);
const record = (v: Json): Record<string, Json> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? v as Record<string, Json> : {});

/** [where, value] of every manifest field VS Code shows to a person. */
function visibleFields(): [string, Json][] {
  const out: [string, Json][] = [['displayName', manifest.displayName], ['description', manifest.description]];
  const c = record(manifest.contributes);
  for (const [where, list] of Object.entries(record(c.viewsContainers))) {
    for (const vc of objects(list)) { out.push([`viewsContainers.${where}.${String(vc.id)}.title`, vc.title]); }
  }
  for (const list of Object.values(record(c.views))) {
    for (const v of objects(list)) {
      out.push([`views.${String(v.id)}.name`, v.name]);
      if (v.contextualTitle !== undefined) { out.push([`views.${String(v.id)}.contextualTitle`, v.contextualTitle]); }
    }
  }
  for (const w of objects(c.viewsWelcome)) { out.push([`viewsWelcome.${String(w.view)}.contents`, w.contents]); }
  for (const cmd of objects(c.commands)) {
    for (const f of ['title', 'shortTitle', 'category']) {
      if (cmd[f] !== undefined) { out.push([`commands.${String(cmd.command)}.${f}`, cmd[f]]); }
    }
  }
  for (const s of objects(c.submenus)) { out.push([`submenus.${String(s.id)}.label`, s.label]); }
  for (const conf of Array.isArray(c.configuration) ? objects(c.configuration) : [record(c.configuration)]) {
    if (conf.title !== undefined) { out.push(['configuration.title', conf.title]); }
    for (const [key, prop] of Object.entries(record(conf.properties)).map(([k, p]) => [k, record(p)] as const)) {
      for (const f of ['description', 'markdownDescription', 'deprecationMessage', 'markdownDeprecationMessage']) {
        if (prop[f] !== undefined) { out.push([`${key}.${f}`, prop[f]]); }
      }
      for (const f of ['enumDescriptions', 'markdownEnumDescriptions']) {
        const list = prop[f];
        if (Array.isArray(list)) { list.forEach((d: Json, i) => out.push([`${key}.${f}[${i}]`, d])); }
      }
    }
  }
  // The first alias is the language's name in the language picker and the status bar.
  for (const lang of objects(c.languages)) {
    const aliases = lang.aliases;
    if (Array.isArray(aliases) && aliases.length > 0) { out.push([`languages.${String(lang.id)}.aliases[0]`, aliases[0]]); }
  }
  for (const w of objects(c.walkthroughs)) {
    out.push([`walkthroughs.${String(w.id)}.title`, w.title], [`walkthroughs.${String(w.id)}.description`, w.description]);
    for (const s of objects(w.steps)) {
      out.push([`walkthroughs.${String(w.id)}.${String(s.id)}.title`, s.title], [`walkthroughs.${String(w.id)}.${String(s.id)}.description`, s.description]);
    }
  }
  return out;
}

/** Every `%key%` string anywhere in the manifest (VS Code replaces them wherever they are). */
function placeholders(v: Json, out: string[] = []): string[] {
  if (typeof v === 'string') {
    const m = PLACEHOLDER.exec(v);
    if (m) { out.push(m[1]!); }
  } else if (typeof v === 'object' && v !== null) {
    for (const x of Object.values(v)) { placeholders(x, out); }
  }
  return out;
}

describe('manifest localisation (package.json ↔ package.nls.json)', () => {
  test('no field a person sees holds a literal', () => {
    const fields = visibleFields();
    assert.ok(fields.length > 80, `found ${fields.length} visible fields; the walk above lost its way`);
    const literals = fields.filter(([, v]) => typeof v !== 'string' || !PLACEHOLDER.test(v)).map(([where, v]) => `${where}: ${JSON.stringify(v)}`);
    assert.deepEqual(literals, []);
  });

  test('every %key% in package.json has an English message in package.nls.json', () => {
    const missing = placeholders(manifest).filter((k) => typeof nls[k] !== 'string' || nls[k] === '');
    assert.deepEqual(missing, []);
  });

  test('every key of package.nls.json is used by package.json', () => {
    const used = new Set(placeholders(manifest));
    assert.deepEqual(Object.keys(nls).filter((k) => !used.has(k)), []);
  });

  test('the English messages keep the command titles people know', () => {
    const byCommand = new Map(objects(record(manifest.contributes).commands).map((c) => [c.command, c.title]));
    const title = (id: string): unknown => nls[PLACEHOLDER.exec(String(byCommand.get(id)))?.[1] ?? ''];
    assert.equal(title('confluence.addSite'), 'Add Site…');
    assert.equal(title('confluence.overwriteRemote'), 'Overwrite Remote with My Version');
    assert.equal(nls.displayName, 'Confluence for VS Code');
  });
});
