// Types of node-flags.mjs for the TypeScript that imports it (the benchmark, the tests).
export declare const ASYNC_CONTEXT_FRAME: string;
export declare const SEED_NODE_FLAGS: readonly string[];
export declare function missingServerFlags(
  version: string,
  execArgv: readonly string[],
  nodeOptions: string | undefined,
): string[];
export declare function execWithServerFlags(): void;
