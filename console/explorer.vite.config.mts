import { defineConfig } from 'vite';
import { pageBuild } from './vite.config.mts';

/** GraphiQL at /explorer, built after the console into the same folder (see vite.config.mts for why apart). */
export default defineConfig(pageBuild('explorer', false));
