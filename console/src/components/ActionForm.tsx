import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { useId, useState, type FormEvent } from 'react';

export interface FieldSpec {
  name: string;
  label: string;
  kind: 'select' | 'text' | 'textarea';
  options?: ReadonlyArray<readonly [value: string, label: string]>;
  initial?: string;
}

/**
 * One action (cancel, return, open a case, add an interaction) as a small disclosed form. The graph
 * validates: an error naming an argument (extensions.argumentName) appears beside that field, any
 * other beside the button; a failed action has written nothing, so the form stays filled in.
 */
export function ActionForm({ title, fields, submitLabel, run }: { title: string; fields: FieldSpec[]; submitLabel: string; run: (values: Record<string, string>) => Promise<unknown> }) {
  const id = useId();
  const initial = () => Object.fromEntries(fields.map((f) => [f.name, f.initial ?? f.options?.[0]?.[0] ?? '']));
  const [values, setValues] = useState<Record<string, string>>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    setDone(undefined);
    try {
      await run(values);
      setDone(`${title}: done`);
      setValues(initial());
    } catch (error) {
      setErrors(fieldErrors(error, fields));
    } finally {
      setBusy(false);
    }
  };
  return (
    <details className="action">
      <summary>{title}</summary>
      <form onSubmit={submit} aria-label={title} noValidate>
        {fields.map((field) => {
          const inputId = `${id}-${field.name}`;
          const errorId = `${inputId}-error`;
          const common = {
            id: inputId,
            name: field.name,
            value: values[field.name] ?? '',
            'aria-invalid': errors[field.name] ? true : undefined,
            'aria-describedby': errors[field.name] ? errorId : undefined,
            onChange: (e: { target: { value: string } }) => setValues((v) => ({ ...v, [field.name]: e.target.value })),
          };
          return (
            <label key={field.name} htmlFor={inputId}>
              {field.label}
              {field.kind === 'select' ? (
                <select {...common}>
                  {field.options?.map(([value, label]) => (
                    <option key={value} value={value}>
                      {label}
                    </option>
                  ))}
                </select>
              ) : field.kind === 'textarea' ? (
                <textarea {...common} rows={2} />
              ) : (
                <input {...common} type="text" autoComplete="off" />
              )}
              {errors[field.name] && (
                <span id={errorId} className="field-error" role="alert">
                  {errors[field.name]}
                </span>
              )}
            </label>
          );
        })}
        <button type="submit" disabled={busy}>
          {busy ? 'Working…' : submitLabel}
        </button>
        {errors[''] && (
          <p className="field-error" role="alert">
            {errors['']}
          </p>
        )}
        {done && (
          <p className="done" role="status">
            {done}
          </p>
        )}
      </form>
    </details>
  );
}

/** The graph's errors by the field they concern ('' for the form as a whole). */
function fieldErrors(error: unknown, fields: FieldSpec[]): Record<string, string> {
  if (!CombinedGraphQLErrors.is(error)) return { '': `The action failed: ${error instanceof Error ? error.message : String(error)}` };
  const byField: Record<string, string> = {};
  for (const e of error.errors) {
    const argument = typeof e.extensions?.argumentName === 'string' ? e.extensions.argumentName.split('.').pop()! : '';
    const field = fields.some((f) => f.name === argument) ? argument : '';
    byField[field] = byField[field] ? `${byField[field]}; ${e.message}` : e.message;
  }
  return byField;
}
