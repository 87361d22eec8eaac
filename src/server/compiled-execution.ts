// Queries run compiled by graphql-jit (GRAPHQL_JIT, on by default): once resolvers are cheap, graphql-js's
// interpreter is the largest cost left of a nested query (BENCHMARKS.md). Bad variables keep graphql-js's
// answer (below); resolver errors from graphql-jit carry no `locations` (README).
import { useGraphQlJit } from '@envelop/graphql-jit';
import {
  type DocumentNode,
  type ExecutionArgs,
  GraphQLError,
  type GraphQLInputObjectType,
  type GraphQLInputType,
  type GraphQLSchema,
  getNamedType,
  getOperationAST,
  getVariableValues,
  isInputObjectType,
  isInputType,
  isNonNullType,
  isScalarType,
  isSpecifiedScalarType,
  Kind,
  TypeInfo,
  typeFromAST,
  visit,
  visitWithTypeInfo,
} from 'graphql';
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
 * What graphql-jit may run of a document of one operation, known once per document (yoga caches parsed
 * documents). A document of several operations has none: graphql-jit keeps one compiled query per document,
 * whichever operation it was asked for.
 */
interface DocumentPlan {
  /**
   * Nullable variables standing where null is not allowed (`$d: String = "x"` in a `[String!]` filter list,
   * `$x: Boolean = true` in `@include(if:)`): graphql-js refuses an explicit null there with the argument's
   * error; graphql-jit passes it on (a resolver then fails as an unexpected error) or skips the field.
   */
  nullRefused: string[];
  /**
   * Variables with a default that graphql-jit takes differently when a request leaves them out: a non-null one
   * (it refuses it as not provided) and one holding a custom scalar anywhere, in an input object's field too
   * (it writes the default into its code as JSON: a DateTime reaches the resolver as a string).
   */
  defaultsMisread: string[];
}

/** Whether values of this input type can hold a custom scalar (a DateTime), at any depth. */
function holdsCustomScalar(type: GraphQLInputType, seen = new Set<GraphQLInputObjectType>()): boolean {
  const named = getNamedType(type);
  if (isScalarType(named)) return !isSpecifiedScalarType(named);
  if (!isInputObjectType(named) || seen.has(named)) return false;
  seen.add(named);
  return Object.values(named.getFields()).some((field) => holdsCustomScalar(field.type, seen));
}

function planOf(schema: GraphQLSchema, document: DocumentNode): DocumentPlan | null {
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  if (operations.length !== 1) return null;
  const plan: DocumentPlan = { nullRefused: [], defaultsMisread: [] };
  const nullable = new Set<string>();
  for (const variable of operations[0]!.variableDefinitions ?? []) {
    const name = variable.variable.name.value;
    if (variable.type.kind !== Kind.NON_NULL_TYPE) nullable.add(name);
    const type = variable.defaultValue && typeFromAST(schema, variable.type);
    if (type && (isNonNullType(type) || (isInputType(type) && holdsCustomScalar(type)))) plan.defaultsMisread.push(name);
  }
  if (nullable.size > 0) {
    const types = new TypeInfo(schema);
    const refused = new Set<string>();
    visit(
      document,
      visitWithTypeInfo(types, {
        // A variable's own definition has its declared (nullable) type as the input type here.
        Variable(node) {
          if (nullable.has(node.name.value) && isNonNullType(types.getInputType())) refused.add(node.name.value);
        },
      }),
    );
    plan.nullRefused = [...refused];
  }
  return plan;
}

/**
 * Whether a request runs compiled. graphql-js runs: subscriptions (graphql-jit's subscribe loses the error a
 * subscription's resolver throws, leaving the stream open and its slot taken); a document of several
 * operations (compiled once for the first one asked for, it would answer every later request for the others,
 * which the cost limit and the other checks measured instead); and a request whose variables graphql-jit would
 * take differently (DocumentPlan).
 */
function compiledWhen(): (args: ExecutionArgs) => boolean {
  const plans = new WeakMap<DocumentNode, DocumentPlan | null>();
  return ({ schema, document, operationName, variableValues }) => {
    const operation = getOperationAST(document, operationName);
    if (!operation || operation.operation === 'subscription') return false;
    let plan = plans.get(document);
    if (plan === undefined) {
      plan = planOf(schema, document);
      plans.set(document, plan);
    }
    if (!plan) return false;
    const values = (variableValues ?? {}) as Record<string, unknown>;
    const given = (name: string) => Object.hasOwn(values, name); // never a key of Object.prototype (`$constructor`)
    return !plan.nullRefused.some((name) => given(name) && values[name] === null) && plan.defaultsMisread.every(given);
  };
}

export function useCompiledExecution(): Plugin[] {
  return [variablesCoercedByGraphqlJs(), useGraphQlJit({}, { enableIf: compiledWhen() }) as Plugin];
}
