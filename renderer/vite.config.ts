// Vite build of the renderer: root renderer/, output renderer/dist, relative base so the same files
// load from Electron's file/custom protocol and from the web host's http server.
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

const root = fileURLToPath(new URL('.', import.meta.url));

/** The dev server injects <style> tags and connects to its HMR socket; relax the CSP only there. */
function devCsp(): Plugin {
  return {
    name: 'dvar-dev-csp',
    apply: 'serve',
    transformIndexHtml: (html) =>
      html.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'").replace("connect-src 'self'", "connect-src 'self' ws: http:"),
  };
}

export default defineConfig({
  root,
  base: './',
  plugins: [svelte(), devCsp()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'chrome120',
    reportCompressedSize: false,
  },
  server: { fs: { allow: ['..'] } },
});
