// The app's own files in a checkout and in a packaged (asar) app.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { appPaths } from '../../electron/main/app-paths.ts';

test('a checkout keeps everything in place', () => {
  const paths = appPaths('/src/dvar');
  assert.deepEqual(paths, {
    preload: join('/src/dvar', 'dist', 'electron', 'preload.cjs'),
    renderer: join('/src/dvar', 'renderer', 'dist'),
    defaultPack: join('/src/dvar', 'models', 'packs', 'default'),
    modelCards: join('/src/dvar', 'docs'),
    samplePhoto: join('/src/dvar', 'samples', 'sample-dandelions.jpg'),
  });
});

test('a packaged app reads the default pack from app.asar.unpacked, the rest from the archive', () => {
  const paths = appPaths('/opt/DVAR Studio/resources/app.asar');
  assert.equal(paths.defaultPack, join('/opt/DVAR Studio/resources/app.asar.unpacked', 'models', 'packs', 'default'));
  assert.equal(paths.renderer, join('/opt/DVAR Studio/resources/app.asar', 'renderer', 'dist'));
  assert.equal(paths.samplePhoto, join('/opt/DVAR Studio/resources/app.asar', 'samples', 'sample-dandelions.jpg'), 'the host copies it out with fs');
});
