// Every manifest the Python exporter wrote (the fixture packs and the shipped packs) is read by the
// TypeScript schema without losing a field: a key Python writes that the schema does not know would be
// dropped silently by zod, so a renamed field on either side must fail here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseManifest } from '../../../electron/engine/pack/manifest-schema.ts';
import { REPO_ROOT, TINY_PACK, TINY_TEXT_PACK } from '../../helpers/fixtures.ts';

const SHIPPED = join(REPO_ROOT, 'models', 'packs');
const PACK_DIRS = [TINY_PACK, TINY_TEXT_PACK, ...readdirSync(SHIPPED).map((name) => join(SHIPPED, name))];

/** Free-form subtrees the schema keeps as they are (provenance) need no key-by-key check. */
const FREE_FORM = new Set(['provenance']);

/** Paths of keys present in `raw` but missing from `parsed`. */
function droppedKeys(raw: unknown, parsed: unknown, path = ''): string[] {
  if (Array.isArray(raw) && Array.isArray(parsed)) return raw.flatMap((v, i) => droppedKeys(v, parsed[i], `${path}[${i}]`));
  if (typeof raw !== 'object' || raw === null || typeof parsed !== 'object' || parsed === null) return [];
  return Object.entries(raw).flatMap(([key, value]) => {
    const here = path ? `${path}.${key}` : key;
    if (!(key in parsed)) return [here];
    return FREE_FORM.has(here) ? [] : droppedKeys(value, (parsed as Record<string, unknown>)[key], here);
  });
}

for (const dir of PACK_DIRS) {
  test(`${dir.slice(REPO_ROOT.length + 1)}: the Python-written manifest parses with no field dropped`, () => {
    const file = join(dir, 'manifest.json');
    const raw = JSON.parse(readFileSync(file, 'utf8'));
    const parsed = parseManifest(raw, file);
    assert.deepEqual(droppedKeys(raw, parsed), []);
    // Python writes the guard's level count explicitly, so neither side's default decides it.
    assert.ok('fidelityGuardLevels' in raw, 'fidelityGuardLevels must be written by the exporter');
  });
}

test('the key check sees a field the schema does not know', () => {
  const raw = JSON.parse(readFileSync(join(TINY_PACK, 'manifest.json'), 'utf8'));
  raw.latent.renamedField = 3;
  assert.deepEqual(droppedKeys(raw, parseManifest(raw, 'x')), ['latent.renamedField']);
});
