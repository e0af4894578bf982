// How attachments are described and opened, and the preview image cache's bounds.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { viewerFor } from '../../src/organise/model/attachmentKinds';
import { ByteCache } from '../../src/organise/model/byteCache';
import { describeFile, formatSize, progressText } from '../../src/util/fileSizes';

test('sizes in decimal units, as Confluence shows them', () => {
  assert.equal(formatSize(999), '999 B');
  assert.equal(formatSize(12_345), '12.3 KB');
  assert.equal(formatSize(104_857_600), '105 MB');
  assert.equal(formatSize(999_999), '1.0 MB');
  assert.equal(formatSize(undefined), 'size unknown');
  assert.equal(describeFile({ mediaTypeDescription: 'PNG Image', fileSize: 2048, version: 2 }), 'PNG Image · 2.0 KB · version 2');
  assert.equal(progressText(50_000_000, 100_000_000), '50.0 MB of 100 MB');
});

test('what VS Code can show a file as', () => {
  assert.equal(viewerFor({ title: 'team-map.png', mediaType: 'image/png' }), 'image');
  assert.equal(viewerFor({ title: 'diagram.svg', mediaType: 'image/svg+xml' }), 'image');
  assert.equal(viewerFor({ title: 'checklist.pdf', mediaType: 'application/pdf' }), 'pdf');
  assert.equal(viewerFor({ title: 'welcome.txt', mediaType: 'text/plain' }), 'text');
  assert.equal(viewerFor({ title: 'config.yaml', mediaType: 'application/octet-stream' }), 'text');
  assert.equal(viewerFor({ title: 'archive.zip', mediaType: 'application/zip' }), 'binary');
});

test('the byte cache keeps at most its size, drops the least recently used and the expired, and forgets by prefix', () => {
  let now = 0;
  const cache = new ByteCache(10, 1000, () => now);
  cache.set('p|1', { bytes: new Uint8Array(4) });
  cache.set('p|2', { bytes: new Uint8Array(4) });
  assert.ok(cache.get('p|1'), 'p|1 is now the most recently used');
  cache.set('q|3', { bytes: new Uint8Array(4) });
  assert.equal(cache.get('p|2'), undefined, 'the least recently used went');
  assert.equal(cache.size, 8);
  cache.set('big', { bytes: new Uint8Array(11) });
  assert.equal(cache.get('big'), undefined, 'larger than the cache: not kept');
  cache.forget('p|');
  assert.equal(cache.get('p|1'), undefined);
  now = 2000;
  assert.equal(cache.get('q|3'), undefined, 'expired');
  assert.equal(cache.size, 0);
});
