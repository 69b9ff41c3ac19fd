import { useEffect, useState } from 'react';

interface RootField {
  root: string;
  name: string;
  args: string;
  type: string;
  description: string | null;
}

const INTROSPECT = `{ __schema {
  queryType { name fields { name description args { name type { ...T } } type { ...T } } }
  mutationType { name fields { name description args { name type { ...T } } type { ...T } } }
  subscriptionType { name fields { name description args { name type { ...T } } type { ...T } } }
} }
fragment T on __Type { kind name ofType { kind name ofType { kind name ofType { kind name } } } }`;

type TypeRef = { kind: string; name: string | null; ofType: TypeRef | null };
const typeName = (t: TypeRef): string => (t.kind === 'NON_NULL' ? `${typeName(t.ofType!)}!` : t.kind === 'LIST' ? `[${typeName(t.ofType!)}]` : (t.name ?? '?'));

/** The graph's entry points (queries, mutations, subscriptions) from introspection, when it is on. */
export function useRootFields(token: string): RootField[] | string {
  const [fields, setFields] = useState<RootField[] | string>('Loading the schema…');
  useEffect(() => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token.trim()) headers.authorization = `Bearer ${token.trim()}`;
    fetch('/graphql', { method: 'POST', headers, body: JSON.stringify({ query: INTROSPECT }) })
      .then((r) => r.json())
      .then((body: { data?: { __schema: Record<string, { name: string; fields: { name: string; description: string | null; args: { name: string; type: TypeRef }[]; type: TypeRef }[] } | null> }; errors?: { message: string }[] }) => {
        if (!body.data) return setFields(`Schema not available: ${body.errors?.[0]?.message ?? 'introspection is off'}`);
        const list: RootField[] = [];
        for (const root of [body.data.__schema.queryType, body.data.__schema.mutationType, body.data.__schema.subscriptionType]) {
          for (const f of root?.fields ?? []) {
            list.push({ root: root!.name, name: f.name, args: f.args.map((a) => `${a.name}: ${typeName(a.type)}`).join(', '), type: typeName(f.type), description: f.description });
          }
        }
        setFields(list);
      })
      .catch((e: Error) => setFields(`Schema not available: ${e.message}`));
  }, [token]);
  return fields;
}

export function SchemaList({ fields }: { fields: RootField[] | string }) {
  return (
    <section aria-labelledby="schema-heading">
      <h2 id="schema-heading">Entry points</h2>
      {typeof fields === 'string' ? (
        <p className="empty">{fields}</p>
      ) : (
        <dl className="schema">
          {fields.map((f) => (
            <div key={`${f.root}.${f.name}`}>
              <dt>
                <span className="channel">{f.root}</span> <code>{`${f.name}${f.args ? `(${f.args})` : ''}: ${f.type}`}</code>
              </dt>
              <dd>{f.description}</dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}
