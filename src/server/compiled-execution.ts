// Queries run compiled by graphql-jit (GRAPHQL_JIT, on by default): once resolvers are cheap, graphql-js's
// interpreter is the largest cost left of a nested query (BENCHMARKS.md). Bad variables keep graphql-js's
// answer (below); resolver errors from graphql-jit carry no `locations` (README).
import { useGraphQlJit } from '@envelop/graphql-jit';
import { type DocumentNode, GraphQLError, getOperationAST, getVariableValues } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/**
 * Variables are coerced by graphql-js before graphql-jit runs: a bad variable gets graphql-js's message (its
 * location, the path inside an input object, "Did you mean…" where suggestions are on) and a 400, exactly
 * as without graphql-jit. A request with valid variables runs compiled.
 */
function variablesCoercedByGraphqlJs(): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const operation = getOperationAST(args.document, args.operationName);
      if (!operation?.variableDefinitions?.length) return;
      const coerced = getVariableValues(args.schema, operation.variableDefinitions, args.variableValues ?? {});
      if (!coerced.errors) return;
      setResultAndStopExecution({
        errors: coerced.errors.map(
          (error) =>
            new GraphQLError(error.message, {
              nodes: error.nodes,
              source: error.source,
              positions: error.positions,
              originalError: error.originalError,
              extensions: { ...error.extensions, http: { status: 400 } },
            }),
        ),
      });
    },
  };
}

/**
 * Subscriptions stay on graphql-js: graphql-jit's subscribe loses the error a subscription's resolver throws
 * (a bad filter), leaving the stream open and its slot taken.
 */
const notSubscription = (args: { document: DocumentNode; operationName?: string | null }) =>
  getOperationAST(args.document, args.operationName)?.operation !== 'subscription';

export function useCompiledExecution(): Plugin[] {
  return [variablesCoercedByGraphqlJs(), useGraphQlJit({}, { enableIf: notSubscription }) as Plugin];
}
