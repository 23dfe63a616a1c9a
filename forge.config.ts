// Electron Forge drives `npm start` and `npm run package` where Forge can be installed (Node >= 22.13
// for Forge 8). Installers are made by electron-builder
// (build/electron-builder.yml). Kept free of Forge type imports so the project type-checks without it.
const config = {
  packagerConfig: {
    name: 'DVAR Studio',
    executableName: 'dvar-studio',
    asar: { unpack: '**/{*.node,*.onnx}' },
    // Ship only this platform's onnxruntime binaries, the default model pack and built code.
    ignore: [
      /^\/(test|bench|docs|models\/dvar|models\/tests|models\/data|\.venv|\.ci)(\/|$)/,
      /node_modules\/onnxruntime-node\/bin\/napi-v\d+\/(?!${process.platform}\/${process.arch})/,
    ],
  },
  makers: [
    { name: '@electron-forge/maker-zip', platforms: ['darwin', 'linux', 'win32'] },
  ],
};

export default config;
