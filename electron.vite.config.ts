import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';

/**
 * Three builds: main (the Electron shell, ESM like the rest of the project), the
 * preload (CommonJS, because a sandboxed preload is not loaded as a module, and
 * bundled so that it requires nothing but `electron`), and the renderer (React, into
 * out/renderer, which browser mode also serves).
 */

/**
 * While developing, the React plugin's fast refresh injects an inline script and the
 * dev server talks over a websocket, which the strict CSP forbids. Only in `serve`
 * mode is the meta tag relaxed for that; a build keeps the policy exactly as written.
 */
function relaxCspForDevServer(): Plugin {
  return {
    name: 'onefile:relax-csp-for-dev-server',
    apply: 'serve',
    transformIndexHtml(html) {
      return html
        .replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
        .replace("connect-src 'self'", "connect-src 'self' ws: http://localhost:*");
    },
  };
}

const root = dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: { index: resolve(root, 'main/app/main.ts') },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(root, 'main/app/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    plugins: [react(), relaxCspForDevServer()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      rollupOptions: {
        input: { index: resolve(root, 'renderer/index.html') },
      },
    },
  },
});
