// Settings' pack helpers: which listed pack Settings.packDir chooses, and the restorer credit line.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PackInfo } from '../../electron/ipc/contract.ts';
import { restorerCredit, selectedPack } from '../../renderer/src/lib/packs.ts';

function pack(name: string, ref: string | null, dir: string): PackInfo {
  return {
    dir,
    name,
    description: '',
    version: '1',
    upscale: 4,
    text: false,
    isDefault: ref === null,
    bundled: !ref?.startsWith('/'),
    ref,
    card: null,
    restorer: null,
  };
}
const packs = [pack('default', null, '/app/packs/default'), pack('fast', 'fast', '/app/packs/fast'), pack('mine', '/home/me/mine', '/home/me/mine')];

test('packDir chooses by ref: null the default, a name a bundled pack, a path an import', () => {
  assert.equal(selectedPack(packs, null)?.name, 'default');
  assert.equal(selectedPack(packs, undefined)?.name, 'default'); // settings not loaded yet
  assert.equal(selectedPack(packs, 'fast')?.name, 'fast');
  assert.equal(selectedPack(packs, '/home/me/mine')?.name, 'mine');
  assert.equal(selectedPack(packs, '/app/packs/fast')?.name, 'fast'); // a bundled pack chosen by its folder
  assert.equal(selectedPack(packs, '/elsewhere'), null);
  assert.equal(selectedPack([], null), null);
});

test('a restorer is credited in one line; packs without one have none', () => {
  const restorer = { name: 'Real-ESRGAN x4plus', credit: 'Xintao Wang, Liangbin Xie, Chao Dong and Ying Shan', licence: 'BSD-3-Clause' };
  assert.equal(restorerCredit({ restorer }), 'Includes Real-ESRGAN x4plus — Xintao Wang, Liangbin Xie, Chao Dong and Ying Shan, licence BSD-3-Clause');
  assert.equal(restorerCredit({ restorer: null }), null);
});
