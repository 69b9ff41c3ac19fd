import JsonWorker from 'monaco-editor/esm/vs/language/json/json.worker.js?worker';
import EditorWorker from 'monaco-editor/esm/vs/editor/editor.worker.js?worker';
import GraphQLWorker from 'monaco-graphql/esm/graphql.worker.js?worker';

/**
 * Where GraphiQL's editors (Monaco) get their web workers: files Vite bundles beside the page, so
 * they load from this origin under `script-src 'self'` (no blob: or CDN worker). The same three as
 * @graphiql/react/setup-workers/vite, without its console.info on every worker started.
 */
(globalThis as { MonacoEnvironment?: unknown }).MonacoEnvironment = {
  getWorker(_workerId: string, label: string): Worker {
    if (label === 'json') return new JsonWorker();
    if (label === 'graphql') return new GraphQLWorker();
    return new EditorWorker();
  },
};
