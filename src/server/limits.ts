// What one request may ask of the server. Size, tokens, fields, depth, aliases, directives and cost are all
// checked before the first resolver runs, so a rejected operation never reaches the database; every check is
// linear in the document (test/security/fragment-fan-out.test.ts); the timeout bounds what an accepted
// operation can take.
import { EnvelopArmor } from '@escape.tech/graphql-armor';
import type { GraphQLArmorRejectCallback } from '@escape.tech/graphql-armor-types';
import {
  type ExecutionArgs,
  type ExecutionResult,
  GraphQLError,
  getOperationAST,
  getVariableValues,
  Kind,
  NoSchemaIntrospectionCustomRule,
  type OperationDefinitionNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Settings } from '../config.js';
import { type Context, MAX_NODE_IDS } from '../graphql/builder.js';
import { badUserInput, executionTimeout, limitExceeded } from '../graphql/errors.js';
import { MAX_INGEST_DOCUMENTS } from '../graphql/ingest.js';
import { useLinearValidation } from './pre-validation.js';
import { measureOperation } from './query-cost.js';
import { useHiddenSuggestions } from './suggestions.js';

export type LimitSettings = Pick<
  Settings,
  | 'MAX_QUERY_DEPTH'
  | 'MAX_QUERY_COST'
  | 'MAX_QUERY_ALIASES'
  | 'MAX_QUERY_TOKENS'
  | 'MAX_QUERY_DIRECTIVES'
  | 'MAX_QUERY_FIELDS'
  | 'EXECUTION_TIMEOUT_MS'
>;

export function limitPlugins(settings: LimitSettings, options: { hideSchema: boolean }): Plugin[] {
  // Armor's own errors say "Syntax Error: ..." and carry no code: report ours instead.
  const reject =
    (setting: keyof Settings): GraphQLArmorRejectCallback =>
    (context, error) =>
      context?.reportError(limitExceeded(error.message.replace(/^Syntax Error: /, ''), setting));
  const armor = new EnvelopArmor({
    maxDepth: {
      n: settings.MAX_QUERY_DEPTH,
      flattenFragments: true,
      propagateOnRejection: false,
      onReject: [reject('MAX_QUERY_DEPTH')],
    },
    maxAliases: { n: settings.MAX_QUERY_ALIASES, propagateOnRejection: false, onReject: [reject('MAX_QUERY_ALIASES')] },
    maxDirectives: { n: settings.MAX_QUERY_DIRECTIVES, propagateOnRejection: false, onReject: [reject('MAX_QUERY_DIRECTIVES')] },
    // Counted while parsing; the parser's error ("Syntax Error: Token limit of N exceeded.") stops it.
    maxTokens: { n: settings.MAX_QUERY_TOKENS },
    costLimit: { enabled: false }, // ours multiplies lists by their page size (query-cost.ts)
    blockFieldSuggestion: { enabled: false }, // misses enum values and variables: useHiddenSuggestions instead
  });
  return [
    useLinearValidation(settings.MAX_QUERY_FIELDS),
    ...(armor.protect().plugins as Plugin[]),
    ...(options.hideSchema ? [useNoIntrospection(), useHiddenSuggestions()] : []),
    useListInputLimit(),
    useQueryCostLimit(settings.MAX_QUERY_COST),
    useExecutionTimeout(settings.EXECUTION_TIMEOUT_MS),
  ];
}

function useNoIntrospection(): Plugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(NoSchemaIntrospectionCustomRule);
    },
  };
}

/** What onExecute and onSubscribe both give: checks before execution apply to subscriptions alike. */
interface OperationHookPayload {
  args: Parameters<NonNullable<Plugin['onSubscribe']>>[0]['args'];
  setResultAndStopExecution: (result: ExecutionResult) => void;
}

/** The longest list any argument takes: nodes(ids:) and ingestArticles(documents:) take 100 items each. */
export const MAX_LIST_ARGUMENT = Math.max(MAX_NODE_IDS, MAX_INGEST_DOCUMENTS);

/**
 * Refuses a list variable ten times longer than any argument takes before the variables are coerced: 100,000
 * ids for nodes(ids:) cost seconds of coercion and id decoding before the field's own cap could refuse them.
 * Shorter lists reach that cap, and its message.
 */
export function useListInputLimit(): Plugin {
  const max = 10 * MAX_LIST_ARGUMENT;
  const check = ({ args, setResultAndStopExecution }: OperationHookPayload) => {
    const operation = getOperationAST(args.document, args.operationName);
    for (const definition of operation?.variableDefinitions ?? []) {
      const type = definition.type.kind === Kind.NON_NULL_TYPE ? definition.type.type : definition.type;
      const value = (args.variableValues as Record<string, unknown> | undefined)?.[definition.variable.name.value];
      if (type.kind === Kind.LIST_TYPE && Array.isArray(value) && value.length > max) {
        const message = `Variable "$${definition.variable.name.value}" holds ${value.length} items; no argument takes more than ${MAX_LIST_ARGUMENT}`;
        setResultAndStopExecution({ errors: [badUserInput(message, { rejectRequest: true })] });
        return;
      }
    }
  };
  return { onExecute: check, onSubscribe: check };
}

/**
 * Rejects an operation whose cost, with this request's variables, is over the limit (subscriptions too). An
 * operation within the limit whose sizes read no variable costs the same in every request: its cost is kept
 * per operation node (yoga caches parsed documents), and later requests skip coercing variables and the walk.
 * One over the limit is measured every time, so its answer never depends on what came before.
 */
export function useQueryCostLimit(maxCost: number): Plugin {
  const fixedCosts = new WeakMap<OperationDefinitionNode, number>();
  const check = ({ args, setResultAndStopExecution }: OperationHookPayload) => {
    const operation = getOperationAST(args.document, args.operationName);
    if (!operation) return; // execution reports the missing operation
    let cost = fixedCosts.get(operation);
    if (cost === undefined) {
      const { coerced } = getVariableValues(args.schema, operation.variableDefinitions ?? [], args.variableValues ?? {});
      if (!coerced) return; // invalid variables: execution reports them, without running a resolver
      const measured = measureOperation({ schema: args.schema, document: args.document, operation, variables: coerced });
      if (!measured.variableSized && measured.cost <= maxCost) fixedCosts.set(operation, measured.cost);
      cost = measured.cost;
    }
    if (cost > maxCost) {
      setResultAndStopExecution({
        errors: [limitExceeded(`Query cost limit of ${maxCost} exceeded, found ${cost}.`, 'MAX_QUERY_COST')],
      });
    }
  };
  return { onExecute: check, onSubscribe: check };
}

/**
 * Answers EXECUTION_TIMEOUT when an operation runs longer than `ms`, and aborts it: the executor resolves no
 * further field once its signal is aborted. A statement already sent to the database still runs to its end
 * (PostgreSQL's statement_timeout bounds it there). Mutations are the exception: see executeWithDeadline.
 */
export function useExecutionTimeout(ms: number): Plugin {
  return {
    onExecute({ executeFn, setExecuteFn }) {
      setExecuteFn((args) => {
        if (getOperationAST(args.document, args.operationName)?.operation === 'mutation') {
          return executeWithDeadline(executeFn, args, ms);
        }
        const timeout = new AbortController();
        const timer = setTimeout(() => timeout.abort(executionTimeout(ms)), ms);
        // The client's disconnect (useExecutionCancellation) aborts too. Not AbortSignal.any: on Node 20 a
        // long-lived source signal keeps every signal derived from it, and so each finished execution, alive.
        const given = (args as { signal?: AbortSignal }).signal;
        const forward = () => timeout.abort(given?.reason);
        given?.addEventListener('abort', forward, { once: true });
        // Our timeout becomes an answer; a client's disconnect stays an abort (yoga then sends nothing).
        const timedOut = new Promise<ExecutionResult>((resolve, reject) =>
          timeout.signal.addEventListener(
            'abort',
            () =>
              timeout.signal.reason instanceof GraphQLError
                ? resolve({ errors: [timeout.signal.reason] })
                : reject(timeout.signal.reason),
            { once: true },
          ),
        );
        const readsStop = (args.contextValue as Context).readsStop;
        if (readsStop) readsStop.signal = timeout.signal;
        const execution = Promise.resolve(executeFn({ ...args, signal: timeout.signal } as typeof args)).catch(
          (error: unknown) => {
            if (timeout.signal.aborted && error === timeout.signal.reason) return { errors: [error as GraphQLError] };
            throw error;
          },
        );
        return Promise.race([execution, timedOut]).finally(() => {
          clearTimeout(timer);
          given?.removeEventListener('abort', forward);
        });
      });
    },
  };
}

type ExecuteFunction = Parameters<NonNullable<Plugin['onExecute']>>[0]['executeFn'];

/**
 * A mutation is never answered before its writes settle: a client must never be told a write failed when it
 * was stored. At the deadline the resolvers find `context.deadline` aborted; the ingest writer then stops
 * before its next document and rolls back the one in progress, and the answer, sent once it has, reports each
 * document's true outcome (FAILED, "not stored: the request ran out of time...", for those not written).
 */
function executeWithDeadline(executeFn: ExecuteFunction, args: ExecutionArgs, ms: number) {
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(executionTimeout(ms)), ms);
  (args.contextValue as Context).deadline = deadline.signal;
  return Promise.resolve(executeFn(args)).finally(() => clearTimeout(timer));
}
