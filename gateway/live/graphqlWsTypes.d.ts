// graphql-ws publishes `graphql-ws/use/ws` through package exports only, which this project's
// node10 module resolution does not read; Node's require does. The types are the package's own.
declare module 'graphql-ws/use/ws' {
  export * from 'graphql-ws/dist/use/ws';
}
