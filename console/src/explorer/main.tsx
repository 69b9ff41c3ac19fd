// The workers first: Monaco asks for them as soon as GraphiQL creates its editors.
import './monacoWorkers';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import 'graphiql/style.css';
import '@graphiql/plugin-explorer/style.css';
import './explorer.css';
import { ExplorerPage } from './ExplorerPage';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ExplorerPage />
  </StrictMode>,
);
