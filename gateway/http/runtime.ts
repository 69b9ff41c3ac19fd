import type { GraphQLError } from 'graphql';
import type { GatewayHook, HttpExchange, OperationExchange, Verdict } from './hook';

type Phase<K extends keyof GatewayHook> = NonNullable<GatewayHook[K]>;

/**
 * The hooks of the request path, composed once: for each phase, the list of hooks that take part
 * in it, in composition order (bound once here, so a request allocates no closures). A refusing
 * phase stops at the first hook that returns an error; hooks that answer synchronously cost no
 * promise.
 */
export class HookRuntime {
  readonly names: readonly string[];
  private readonly request: Array<Phase<'onRequest'>>;
  private readonly params: Array<Phase<'onParams'>>;
  private readonly operation: Array<Phase<'onOperation'>>;
  private readonly execute: Array<Phase<'onExecute'>>;
  private readonly errors: Array<Phase<'onErrors'>>;
  private readonly response: Array<Phase<'onResponse'>>;
  private readonly httpResponse: Array<Phase<'onHttpResponse'>>;

  constructor(hooks: readonly GatewayHook[]) {
    this.names = hooks.map((hook) => hook.name);
    const phase = <K extends keyof GatewayHook>(key: K) =>
      hooks.filter((hook) => hook[key] !== undefined).map((hook) => (hook[key] as (...args: unknown[]) => unknown).bind(hook) as Phase<K>);
    this.request = phase('onRequest');
    this.params = phase('onParams');
    this.operation = phase('onOperation');
    this.execute = phase('onExecute');
    this.errors = phase('onErrors');
    this.response = phase('onResponse');
    this.httpResponse = phase('onHttpResponse');
  }

  onRequest(http: HttpExchange): Verdict {
    for (const hook of this.request) {
      const refused = hook(http);
      if (refused) return refused;
    }
  }

  onParams(op: OperationExchange): Verdict | Promise<Verdict> {
    return firstRefusal(this.params, op, 0);
  }

  onOperation(op: OperationExchange): Verdict | Promise<Verdict> {
    return firstRefusal(this.operation, op, 0);
  }

  onExecute(op: OperationExchange): void {
    for (const hook of this.execute) hook(op);
  }

  onErrors(op: OperationExchange, errors: readonly GraphQLError[]): void {
    op.errors = errors;
    for (const hook of this.errors) hook(op, errors);
  }

  onResponse(op: OperationExchange): void {
    for (const hook of this.response) hook(op);
  }

  onHttpResponse(http: HttpExchange): void {
    for (const hook of this.httpResponse) hook(http);
  }
}

/** Runs hooks from `from` until one refuses; awaits only a hook that returned a promise. */
function firstRefusal(hooks: ReadonlyArray<(op: OperationExchange) => Verdict | Promise<Verdict>>, op: OperationExchange, from: number): Verdict | Promise<Verdict> {
  for (let i = from; i < hooks.length; i++) {
    const verdict = hooks[i](op);
    if (verdict instanceof Promise) return verdict.then((refused) => refused ?? firstRefusal(hooks, op, i + 1));
    if (verdict) return verdict;
  }
}
