import { resolve } from 'node:path';
import { defineConfig, type UserConfig } from 'vite';

/**
 * One page's production build: hashed files under dist/console, which the gateway serves
 * (gateway/console/). Vite 8 transforms TSX itself (Oxc), so no React plugin is needed; JSX uses
 * React's automatic runtime.
 *
 * The console (`/`) and the explorer (`/explorer`, GraphiQL) are two builds into one folder
 * (`npm run build:console` runs this file, then explorer.vite.config.mts): as two inputs of one
 * build, every module both reach lands in a shared chunk, and the console page would load all of
 * graphql-js for GraphiQL's sake. Two builds share nothing but React's bytes on disk.
 */
export function pageBuild(page: string, emptyOutDir: boolean): UserConfig {
  return {
    root: import.meta.dirname,
    base: '/',
    publicDir: false,
    oxc: { jsx: { runtime: 'automatic' } },
    build: {
      outDir: resolve(import.meta.dirname, '..', 'dist', 'console'),
      emptyOutDir,
      // No inline <script>/<style>: the gateway's Content-Security-Policy allows only files from 'self'.
      assetsInlineLimit: 0,
      modulePreload: { polyfill: false },
      sourcemap: false,
      rollupOptions: {
        input: { [page]: resolve(import.meta.dirname, `${page === 'console' ? 'index' : page}.html`) },
        onwarn(warning, warn) {
          // framer-motion (GraphiQL's) marks modules "use client", which means nothing outside React Server Components.
          if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
        },
      },
    },
    worker: { format: 'es' },
    logLevel: 'warn',
  };
}

export default defineConfig(pageBuild('console', true));
