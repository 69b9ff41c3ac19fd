// The workers first: Monaco asks for them as soon as GraphiQL creates its editors.
import './monacoWorkers';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
// GraphiQL's styles piece by piece rather than graphiql/style.css, which repeats Monaco's own
// stylesheet (the editor loads it) and carries 28 Roboto faces as data: URLs (~300 KB gzipped).
// The interface uses the console's system font; the editors keep Fira Code, which Monaco asks for by name.
import '@graphiql/react/style.css';
import '@graphiql/react/font/fira-code.css';
import '@graphiql/plugin-doc-explorer/style.css';
import '@graphiql/plugin-history/style.css';
import '@graphiql/plugin-explorer/style.css';
import 'graphiql/graphiql.css';
import './explorer.css';
import { ExplorerPage } from './ExplorerPage';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ExplorerPage />
  </StrictMode>,
);
