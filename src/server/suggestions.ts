// "Did you mean ...?" reveals the schema that switching introspection off hides. graphql-js adds it to
// validation errors (unknown fields, arguments, enum values in the document) and to variable coercion errors
// in execution (an enum value or input field in the variables); graphql-armor's plugin only covers the
// first kind and misses "Did you mean the enum value ...". This strips every form from every error.
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

const SUGGESTION = /\s*Did you mean [^?]*\?/g;

function withoutSuggestion<E extends Error>(error: E): E | GraphQLError {
  if (!(error instanceof GraphQLError) || !error.message.includes('Did you mean')) return error;
  return new GraphQLError(error.message.replace(SUGGESTION, ''), {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions: error.extensions,
  });
}

export function useHiddenSuggestions(): Plugin {
  return {
    onValidate:
      () =>
      ({ result, setResult }) => {
        if (result.length) setResult(result.map(withoutSuggestion));
      },
    onExecutionResult({ result, setResult }) {
      if (!result || Array.isArray(result) || !('errors' in result) || !result.errors?.length) return;
      setResult({ ...result, errors: result.errors.map(withoutSuggestion) });
    },
  };
}
