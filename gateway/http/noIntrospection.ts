import { GraphQLError, type ValidationRule } from 'graphql';

/**
 * INTROSPECTION off: a document asking for __schema or __type fails validation, with the message
 * and validationErrorCode clients of this gateway have always been given (Apollo Server's).
 */
export const noIntrospection: ValidationRule = (context) => ({
  Field(node) {
    if (node.name.value !== '__schema' && node.name.value !== '__type') return;
    context.reportError(
      new GraphQLError(
        'GraphQL introspection is not allowed by Apollo Server, but the query contained __schema or __type. To enable introspection, pass introspection: true to ApolloServer in production',
        { nodes: [node], extensions: { validationErrorCode: 'INTROSPECTION_DISABLED' } },
      ),
    );
  },
});
