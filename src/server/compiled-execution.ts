// Queries run compiled by graphql-jit (GRAPHQL_JIT, on by default): once resolvers are cheap, graphql-js's
// interpreter is the largest cost left of a nested query (BENCHMARKS.md). One difference is kept out of
// sight: a request graphql-jit cannot start (a variable of the wrong type) comes back with errors and no
// data, which yoga's executor marks as a 400 response and graphql-jit does not; this plugin marks it the same.
import { useGraphQlJit } from '@envelop/graphql-jit';
import type { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

function requestErrorsAsBadRequest(): Plugin {
  return {
    onExecute: () => ({
      onExecuteDone({ result, setResult }) {
        if (!('errors' in result) || !result.errors?.length || 'data' in result) return;
        // Errors that carry a status (an execution timeout's 503) keep it. graphql-jit's errors hold
        // `extensions` as a fixed property: each is copied with the status added.
        const errors = result.errors.map((error) => {
          if (error.extensions?.http) return error;
          const extensions = { ...error.extensions, http: { status: 400 } };
          return Object.create(Object.getPrototypeOf(error) as object, {
            ...Object.getOwnPropertyDescriptors(error),
            extensions: { value: extensions, enumerable: true },
          }) as GraphQLError;
        });
        setResult({ ...result, errors });
      },
    }),
  };
}

export function useCompiledExecution(): Plugin[] {
  return [useGraphQlJit() as Plugin, requestErrorsAsBadRequest()];
}
