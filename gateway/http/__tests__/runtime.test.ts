import { GraphQLError } from 'graphql';
import type { GatewayHook, OperationExchange } from '../hook';
import { HookRuntime } from '../runtime';

const op = () => ({ operationName: null, hasData: false, params: {}, http: { headers: {} } }) as unknown as OperationExchange;

describe('HookRuntime', () => {
  test('When hooks are composed, then each phase runs them in composition order and skips hooks without it', async () => {
    const seen: string[] = [];
    const hook = (name: string, phases: Array<keyof GatewayHook>): GatewayHook => {
      const h: Record<string, unknown> = { name };
      for (const phase of phases) h[phase] = () => void seen.push(`${name}.${phase}`);
      return h as unknown as GatewayHook;
    };
    const runtime = new HookRuntime([hook('a', ['onOperation', 'onResponse']), hook('b', ['onResponse']), hook('c', ['onOperation'])]);
    const exchange = op();
    await runtime.onOperation(exchange);
    runtime.onResponse(exchange);
    expect(seen).toEqual(['a.onOperation', 'c.onOperation', 'a.onResponse', 'b.onResponse']);
    expect(runtime.names).toEqual(['a', 'b', 'c']);
  });

  test('When a hook refuses, then the later hooks of that phase do not run and its error is the verdict', async () => {
    const later = jest.fn();
    const refusal = new GraphQLError('no');
    const runtime = new HookRuntime([{ name: 'refuses', onOperation: () => refusal }, { name: 'later', onOperation: later }]);
    expect(runtime.onOperation(op())).toBe(refusal);
    expect(later).not.toHaveBeenCalled();
  });

  test('When hooks answer synchronously, then the phase costs no promise; an async hook is awaited before the next', async () => {
    const seen: string[] = [];
    const sync = new HookRuntime([{ name: 's', onParams: () => void seen.push('s') }]);
    expect(sync.onParams(op())).toBeUndefined();
    const refusal = new GraphQLError('late');
    const mixed = new HookRuntime([
      { name: 'first', onParams: async () => void seen.push('first') },
      { name: 'second', onParams: () => (seen.push('second'), refusal) },
      { name: 'third', onParams: () => void seen.push('third') },
    ]);
    const verdict = mixed.onParams(op());
    expect(verdict).toBeInstanceOf(Promise);
    await expect(verdict).resolves.toBe(refusal);
    expect(seen).toEqual(['s', 'first', 'second']);
  });

  test('When errors are raised, then they are recorded on the operation before the hooks see them', () => {
    const exchange = op();
    const errors = [new GraphQLError('x')];
    let recorded: unknown;
    new HookRuntime([{ name: 'm', onErrors: (o) => void (recorded = o.errors) }]).onErrors(exchange, errors);
    expect(recorded).toBe(errors);
  });
});
