import { useGraphiQL, useGraphiQLActions, type GraphiQLPlugin } from '@graphiql/react';
import { EXAMPLE_GROUPS, type Example } from './examples';

function ExamplesIcon() {
  return (
    <svg viewBox="0 0 24 24" width="1em" height="1em" fill="none" stroke="currentColor" strokeWidth="1.5" aria-hidden="true">
      <path d="M5 4h11l3 3v13H5z M8 9h8 M8 13h8 M8 17h5" />
    </svg>
  );
}

/** The demo's example operations; choosing one opens it in a new tab (the open tabs are kept). */
function ExamplesPane() {
  const { addTab } = useGraphiQLActions();
  const { queryEditor, variableEditor } = useGraphiQL((state) => ({ queryEditor: state.queryEditor, variableEditor: state.variableEditor }));
  // The editors exist a moment after the page: until then there is nowhere to put an example.
  const ready = Boolean(queryEditor && variableEditor);
  const open = (example: Example) => {
    if (!queryEditor || !variableEditor) return;
    addTab();
    queryEditor.setValue(example.query);
    variableEditor.setValue(example.variables ?? '');
  };
  return (
    <section className="examples" aria-label="Example operations">
      <div className="graphiql-doc-explorer-title">Examples</div>
      {EXAMPLE_GROUPS.map((group) => (
        <div key={group.name}>
          <h3>{group.name}</h3>
          <ul>
            {group.examples.map((example) => (
              <li key={example.title}>
                <button type="button" disabled={!ready} onClick={() => open(example)}>
                  {example.title}
                </button>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}

export const examplesPlugin: GraphiQLPlugin = { title: 'Examples', icon: ExamplesIcon, content: ExamplesPane };
