// Queries run compiled by graphql-jit (GRAPHQL_JIT, on by default): once resolvers are cheap, graphql-js's
// interpreter is the largest cost left of a nested query (BENCHMARKS.md). One difference is kept out of
// sight: a request graphql-jit cannot start (a variable of the wrong type) comes back with errors and no
// data, which yoga's executor marks as a 400 response and graphql-jit does not; this plugin marks it the same.
// Others remain (README): its errors carry no `locations`, and a bad value inside an input-object variable
// is reported under the field's name rather than the variable's path.
import { useGraphQlJit } from '@envelop/graphql-jit';
import { type DocumentNode, type GraphQLError, getOperationAST } from 'graphql';
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

/**
 * Subscriptions stay on graphql-js: graphql-jit's subscribe loses the error a subscription's resolver throws
 * (a bad filter), leaving the stream open and its slot taken.
 */
const notSubscription = (args: { document: DocumentNode; operationName?: string | null }) =>
  getOperationAST(args.document, args.operationName)?.operation !== 'subscription';

export function useCompiledExecution(): Plugin[] {
  return [useGraphQlJit({}, { enableIf: notSubscription }) as Plugin, requestErrorsAsBadRequest()];
}
