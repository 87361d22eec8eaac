// A deterministic work counter for the checks that run before execution: the parsed document is wrapped in
// proxies that count every property read on its nodes, whoever reads them (graphql-js's validation rules,
// graphql-armor's limits, our cost estimate, the metrics and logging plugins). A check that visits a node
// once reads a few properties of it; one that walks a fragment again at every spread reads it again.
// "Linear work" (issue 10): the count grows at most 2.5x when the input doubles, over three doublings.
import type { DocumentNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/** The document behind read-counting proxies (one proxy per node, so identities used as map keys hold). */
export function countReads<T extends object>(root: T): { value: T; reads: () => number } {
  let reads = 0;
  const proxies = new WeakMap<object, object>();
  const wrap = (value: unknown): unknown => {
    if (value === null || typeof value !== 'object') return value;
    let proxy = proxies.get(value);
    if (!proxy) {
      proxy = new Proxy(value, {
        get(target, key, receiver) {
          reads++;
          return wrap(Reflect.get(target, key, receiver));
        },
      });
      proxies.set(value, proxy);
    }
    return proxy;
  };
  return { value: wrap(root) as T, reads: () => reads };
}

/**
 * A plugin (added last) that hands every later step a counting copy of the parsed document and stops before
 * execution, so `lastCount()` is the work of everything that ran between parsing and execution.
 */
export function preExecutionCounter(): { plugin: Plugin; lastCount: () => number } {
  let current: (() => number) | null = null;
  const plugin: Plugin = {
    onParse() {
      current = null;
      return ({ result, replaceParseResult }) => {
        if (!result || result instanceof Error) return;
        const counted = countReads(result as DocumentNode);
        current = counted.reads;
        replaceParseResult(counted.value);
      };
    },
    onExecute({ setResultAndStopExecution }) {
      setResultAndStopExecution({ data: null });
    },
  };
  return {
    plugin,
    lastCount: () => {
      if (!current) throw new Error('no document was parsed');
      return current();
    },
  };
}

/** "Linear work" (issue 10): a work counter grows by at most this factor when the input doubles. */
export const MAX_GROWTH = 2.5;

/** The ratio of each count to the one before it. */
export function growth(counts: readonly number[]): number[] {
  return counts.slice(1).map((count, i) => count / counts[i]!);
}
