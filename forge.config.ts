// Electron Forge, for machines with Node >= 22.13 (Forge 8): `electron-forge start` and `package`
// build the bundles first (generateAssets hook) and package the same files electron-builder ships
// (build/electron-builder.yml, which makes the installers; keep the two in step). Kept free of Forge
// type imports so the project type-checks without Forge; test/main/packaging.test.ts checks `ignore`.
import { spawnSync } from 'node:child_process';
import { pinnedElectronVersion } from './scripts/electron-version.ts';

/** App-relative paths that ship (plus the folders above them, which packager must walk into). */
const SHIPPED = [
  /^\/package\.json$/,
  /^\/dist(\/electron(\/|$)|$)/,
  /^\/renderer(\/dist(\/|$)|$)/,
  /^\/models(\/packs(\/(default|fast)(\/|$)|$)|$)/, // the bundled packs (electron/engine/bundled-packs.ts)
  /^\/docs(\/model-card-[^/]+\.md)?$/,
  /^\/samples(\/|$)/, // the welcome's sample photo and its licence (electron/app/sample-photo.ts)
  /^\/node_modules(\/|$)/,
];
/** Bundled into dist/electron, or only needed to install. */
const NOT_SHIPPED_MODULES = /^\/node_modules\/(electron|@electron\/get|extract-zip|zod|conf|electron-store|ws|onnxruntime-node\/script)(\/|$)/;
const ONNXRUNTIME_BINARIES = /^\/node_modules\/onnxruntime-node\/bin\/napi-v\d+\/([^/]+)(?:\/([^/]+))?/;

/**
 * @electron/packager's ignore test (paths relative to the app folder, with a leading slash). Packages
 * for the platform it runs on: onnxruntime's binaries for other platforms and architectures stay out.
 */
export function ignore(path: string, platform: string = process.platform, arch: string = process.arch): boolean {
  if (path === '') return false;
  if (!SHIPPED.some((pattern) => pattern.test(path)) || NOT_SHIPPED_MODULES.test(path)) return true;
  const binaries = ONNXRUNTIME_BINARIES.exec(path);
  return binaries !== null && (binaries[1] !== platform || (binaries[2] !== undefined && binaries[2] !== arch));
}

const config = {
  packagerConfig: {
    name: 'DVAR Studio',
    electronVersion: pinnedElectronVersion(), // the same pin electron-builder gets (scripts/package.ts)
    executableName: 'dvar-studio',
    appBundleId: 'studio.dvar.app',
    appCategoryType: 'public.app-category.photography',
    // Native code opens these by path (see build/electron-builder.yml asarUnpack).
    asar: {
      unpack:
        '{**/*.node,**/*.onnx,**/node_modules/onnxruntime-node/bin/**,**/node_modules/sharp/**,**/node_modules/@img/**,**/models/packs/default/**,**/models/packs/fast/**}',
    },
    ignore: (path: string) => ignore(path),
  },
  rebuildConfig: { onlyModules: [] as string[] }, // N-API binaries: nothing to rebuild for Electron
  hooks: {
    generateAssets: async () => {
      const result = spawnSync(process.execPath, ['scripts/build-electron.mjs'], { stdio: 'inherit' });
      if (result.status !== 0) throw new Error('scripts/build-electron.mjs failed.');
    },
  },
  makers: [{ name: '@electron-forge/maker-zip', platforms: ['darwin', 'linux', 'win32'] }],
};

export default config;
