// Where the app's own files are, from Electron's app path: the checkout in development (`electron .`),
// resources/app.asar when packaged. Files that native code opens by path (the default pack's graphs)
// are unpacked beside the archive, in app.asar.unpacked (build/electron-builder.yml asarUnpack); the
// sample photo stays in the archive, since the host only copies it with fs (app/sample-photo.ts).
import { join } from 'node:path';
import { SAMPLE_PHOTO_FILE } from '../app/sample-photo.ts';

export function appPaths(appPath: string) {
  const unpacked = appPath.endsWith('.asar') ? `${appPath}.unpacked` : appPath;
  return {
    preload: join(appPath, 'dist', 'electron', 'preload.cjs'),
    renderer: join(appPath, 'renderer', 'dist'),
    defaultPack: join(unpacked, 'models', 'packs', 'default'),
    modelCards: join(appPath, 'docs'),
    samplePhoto: join(appPath, 'samples', SAMPLE_PHOTO_FILE),
  };
}
