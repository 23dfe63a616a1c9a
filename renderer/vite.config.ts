// Vite build of the renderer: root renderer/, output renderer/dist, relative base so the same files
// load from Electron's file/custom protocol and from the web host's http server.
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { META_CONTENT_SECURITY_POLICY } from '../electron/app/renderer-policy.ts';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * Writes the hosts' Content-Security-Policy (electron/app/renderer-policy.ts) into index.html's <meta>.
 * The dev server injects <style> tags and connects to its HMR socket, so it is relaxed only there.
 */
function csp(): Plugin {
  let serving = false;
  return {
    name: 'dvar-csp',
    configResolved: (config) => void (serving = config.command === 'serve'),
    transformIndexHtml: (html) => {
      const policy = serving
        ? META_CONTENT_SECURITY_POLICY.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'").replace(
            "connect-src 'self'",
            "connect-src 'self' ws: http:",
          )
        : META_CONTENT_SECURITY_POLICY;
      return html.replace('%DVAR_CSP%', policy);
    },
  };
}

export default defineConfig({
  root,
  base: './',
  plugins: [svelte(), csp()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'chrome120',
    reportCompressedSize: false,
  },
  server: { fs: { allow: ['..'] } },
});
