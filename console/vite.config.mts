import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/**
 * The console's production build (`npm run build:console`): hashed files under dist/console, which
 * the gateway serves at `/` (gateway/console/). Vite 8 transforms TSX itself (Oxc), so no React
 * plugin is needed; JSX uses React's automatic runtime.
 */
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  publicDir: false,
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: resolve(import.meta.dirname, '..', 'dist', 'console'),
    emptyOutDir: true,
    // No inline <script>/<style>: the gateway's Content-Security-Policy allows only files from 'self'.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
    rollupOptions: {
      input: { console: resolve(import.meta.dirname, 'index.html'), explorer: resolve(import.meta.dirname, 'explorer.html') },
    },
  },
  logLevel: 'warn',
});
