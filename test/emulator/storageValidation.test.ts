// The emulator refuses page bodies Confluence's XHTML reader would refuse (400 "Error parsing xhtml: …")
// and accepts what Confluence's editor writes: every page of the hand-written corpus.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEMO, RunningEmulator, startEmulator } from './index';
import { basic, call, j } from './testHelpers';

const V2 = '/wiki/api/v2';
const writer = basic(DEMO.accounts.writer.email, DEMO.accounts.writer.token);
const corpusDir = path.resolve(__dirname, '..', '..', '..', 'test', 'corpus', 'storage');

let emu: RunningEmulator;
before(async () => { emu = await startEmulator(); });
after(async () => { await emu.close(); });

async function currentVersion(id: string): Promise<number> {
  const r = await call(emu.url, 'GET', `${V2}/pages/${id}`, { auth: writer });
  assert.equal(r.status, 200);
  return Number(j(r.body, 'version', 'number'));
}

async function update(id: string, title: string, value: string): Promise<{ status: number; body: unknown }> {
  const number = (await currentVersion(id)) + 1;
  return call(emu.url, 'PUT', `${V2}/pages/${id}`, { auth: writer, body: { id, status: 'current', title, body: { representation: 'storage', value }, version: { number } } });
}

describe('storage validation on create and update', () => {
  const page = DEMO.deepPath[4];
  const id = page?.id ?? '';
  const title = page?.title ?? '';

  test('malformed storage is refused with a 400 naming the problem', async () => {
    const cases: [string, RegExp][] = [
      ['<p>unclosed', /<p> is never closed/],
      ['<p>a</p></div>', /no matching opening tag/],
      ['<p><strong>a</p></strong>', /not closed before <\/p>/],
      ['<p>a</p><![CDATA[x]]', /CDATA section is not closed/],
      ['<p>fish & chips</p>', /bare '&'/],
      ['<p>&bogus;</p>', /unknown entity/],
      ['<p>a < b</p>', /'<' in text/],
      ['<p>line<br></p>', /must be self-closed/],
    ];
    for (const [value, reason] of cases) {
      const r = await update(id, title, value);
      assert.equal(r.status, 400, value);
      const errorTitle = String(j(r.body, 'errors', 0, 'title'));
      assert.ok(errorTitle.startsWith('Error parsing xhtml: '), errorTitle);
      assert.match(errorTitle, reason);
    }
    const created = await call(emu.url, 'POST', `${V2}/pages`, { auth: writer, body: { spaceId: DEMO.spaces.eng.id, title: 'Malformed child', body: { representation: 'storage', value: '<p><em>x</p>' } } });
    assert.equal(created.status, 400);
    assert.match(String(j(created.body, 'errors', 0, 'title')), /^Error parsing xhtml: /);
  });

  test('storage as Confluence writes it is accepted: undeclared prefixes, HTML entities, CDATA, every corpus page', async () => {
    const quirks = '<p>caf&eacute;&nbsp;&mdash; <ac:emoticon ac:name="smile" /><br/></p><ac:structured-macro ac:name="code"><ac:plain-text-body><![CDATA[a]]]]><![CDATA[>b]]></ac:plain-text-body></ac:structured-macro><p />';
    assert.equal((await update(id, title, quirks)).status, 200);
    const files = fs.readdirSync(corpusDir).filter((f) => f.endsWith('.xhtml'));
    assert.ok(files.length >= 20, `${files.length} corpus pages`);
    for (const file of files) {
      const r = await update(id, title, fs.readFileSync(path.join(corpusDir, file), 'utf8'));
      assert.equal(r.status, 200, `${file}: ${JSON.stringify(r.body)}`);
    }
  });
});
