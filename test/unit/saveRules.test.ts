import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  decideConflict, isFreshStat, refuseAutoSave, reportReadonly, SaveReason, type VersionMeta,
} from '../../src/pages/saveRules';

const v = (version: number, mtime: number, size: number): VersionMeta => ({ version, mtime, size });

describe('decideConflict', () => {
  const base = v(5, 5_000, 100);

  test('VS Code showed its conflict (newer and another size) and the write came anyway: overwrite exactly that version', () => {
    const remote = v(6, 6_000, 120);
    assert.deepEqual(decideConflict({ base, seen: remote, remote }), { action: 'overwrite', onTopOf: 6, why: 'vscode-overwrite' });
  });

  test('same size: VS Code could not see it, refuse', () => {
    const remote = v(6, 6_000, 100);
    assert.deepEqual(decideConflict({ base, seen: remote, remote }), { action: 'refuse', reason: 'invisible' });
  });

  test('the stat before the write still showed the base: the 409 came after it, refuse', () => {
    assert.deepEqual(decideConflict({ base, seen: base, remote: v(6, 6_000, 300) }), { action: 'refuse', reason: 'invisible' });
  });

  test('mtime not newer: refuse', () => {
    const remote = v(6, 5_000, 120);
    assert.deepEqual(decideConflict({ base, seen: remote, remote }), { action: 'refuse', reason: 'invisible' });
  });

  test('no stat before the write (workspace.fs.writeFile, failed stat): refuse', () => {
    assert.deepEqual(decideConflict({ base, remote: v(6, 6_000, 120) }), { action: 'refuse', reason: 'no-stat' });
  });

  test('unknown base: refuse', () => {
    const remote = v(6, 6_000, 120);
    assert.deepEqual(decideConflict({ seen: remote, remote }), { action: 'refuse', reason: 'unknown-base' });
  });

  test('yet another version appeared after the one VS Code showed: refuse', () => {
    assert.deepEqual(decideConflict({ base, seen: v(6, 6_000, 120), remote: v(7, 7_000, 130) }), { action: 'refuse', reason: 'moved-again' });
  });

  test('a newer version with the base body (a rename) loses nobody\'s text: write on top of it', () => {
    assert.deepEqual(decideConflict({ base, seen: base, remote: v(6, 6_000, 100), remoteSameContentAsBase: true }),
      { action: 'overwrite', onTopOf: 6, why: 'same-content' });
  });

  test('explicit consent counts only for exactly the version shown', () => {
    assert.deepEqual(decideConflict({ base, remote: v(6, 6_000, 100), consentVersion: 6 }), { action: 'overwrite', onTopOf: 6, why: 'consent' });
    assert.deepEqual(decideConflict({ base, remote: v(7, 7_000, 100), consentVersion: 6 }), { action: 'refuse', reason: 'moved-again' });
    assert.deepEqual(decideConflict({ remote: v(6, 6_000, 100), consentVersion: 6 }), { action: 'overwrite', onTopOf: 6, why: 'consent' });
  });

  test('a 409 without a newer version is unexpected: refuse', () => {
    assert.deepEqual(decideConflict({ base, seen: base, remote: base }), { action: 'refuse', reason: 'unexpected' });
  });
});

describe('isFreshStat', () => {
  test('only a stat right before the write counts', () => {
    assert.ok(isFreshStat(1_000, 1_050));
    assert.ok(!isFreshStat(1_000, 7_000));
    assert.ok(!isFreshStat(undefined, 1_000));
    assert.ok(!isFreshStat(2_000, 1_000), 'clock went backwards');
  });
});

describe('refuseAutoSave / reportReadonly', () => {
  test('auto saves are refused unless the person opted in; explicit and unknown reasons pass', () => {
    assert.ok(refuseAutoSave(SaveReason.AfterDelay, false));
    assert.ok(refuseAutoSave(SaveReason.FocusOut, false));
    assert.ok(!refuseAutoSave(SaveReason.AfterDelay, true));
    assert.ok(!refuseAutoSave(SaveReason.Manual, false));
    assert.ok(!refuseAutoSave(undefined, false));
  });

  test('clean editors become read-only without update permission or when the admin key lapsed; dirty ones never', () => {
    assert.ok(reportReadonly({ canUpdate: false, adminKeyLapsed: false, dirty: false }));
    assert.ok(reportReadonly({ canUpdate: true, adminKeyLapsed: true, dirty: false }));
    assert.ok(reportReadonly({ canUpdate: true, adminKeyLapsed: false, status: 'archived', dirty: false }));
    assert.ok(!reportReadonly({ canUpdate: true, adminKeyLapsed: false, status: 'current', dirty: false }));
    assert.ok(!reportReadonly({ canUpdate: undefined, adminKeyLapsed: false, dirty: false }), 'unknown is not read-only');
    assert.ok(!reportReadonly({ canUpdate: false, adminKeyLapsed: true, dirty: true }));
  });
});
