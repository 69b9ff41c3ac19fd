/// <reference types="vite/client" />
import '@apollo/client';

// The console's client answers partial data with errors (errorPolicy 'all'): declared here so the
// hooks' result types say data may be partial.
declare module '@apollo/client' {
  export namespace ApolloClient {
    export namespace DeclareDefaultOptions {
      interface WatchQuery {
        errorPolicy: 'all';
      }
      interface Query {
        errorPolicy: 'all';
      }
    }
  }
}
