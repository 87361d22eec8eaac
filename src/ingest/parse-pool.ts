// Parsing beside writing: seedFiles parses the next set while the current one is written, and on one thread
// the two take turns. With a second core, a worker thread parses instead (node:worker_threads, no library:
// one worker and a message per set is all this needs), so a seed takes about as long as its slower half.
// The worker starts only for a seed of more than one set: small seeds (and most tests) never pay its start.
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type DocumentFailure, prepareDocument } from './pipeline.js';
import type { ReadFile } from './seed.js';
import type { PreparedDocument } from './types.js';

export type ParseResult = PreparedDocument | DocumentFailure;
export interface ParseRequest {
  id: number;
  files: ReadFile[];
}
export interface ParseResponse {
  id: number;
  results: ParseResult[];
}

export interface Parser {
  parse(files: ReadFile[]): Promise<ParseResult[]>;
  close(): Promise<void>;
}

/** Parses in this thread, giving the event loop a turn every `yieldEvery` files (a seed inside the server). */
export function inlineParser(yieldEvery?: number): Parser {
  return {
    async parse(files) {
      const results: ParseResult[] = [];
      for (const [n, file] of files.entries()) {
        if (yieldEvery && n > 0 && n % yieldEvery === 0) await new Promise((r) => setImmediate(r));
        results.push(prepareDocument(file.path, file.bytes, file.contentHash));
      }
      return results;
    },
    async close() {},
  };
}

/**
 * The worker: parse-worker.js beside this module in dist/; under tsx (development, tests) parse-worker.ts,
 * loaded through tsx's API. Node 20 does not apply an `--import tsx` of a worker's execArgv to its entry.
 */
function startWorker(): Worker {
  const entry = new URL(import.meta.url.endsWith('.ts') ? './parse-worker.ts' : './parse-worker.js', import.meta.url);
  if (entry.pathname.endsWith('.js')) return new Worker(entry);
  // tsx's ES module API (require.resolve finds its CommonJS twin, index.cjs beside index.mjs), imported by
  // absolute URL: an eval'd worker resolves bare names from the working directory.
  const tsxApi = pathToFileURL(
    createRequire(import.meta.url)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs'),
  ).href;
  const load = `import(${JSON.stringify(tsxApi)}).then((tsx) => tsx.tsImport(${JSON.stringify(entry.href)}, ${JSON.stringify(import.meta.url)}))`;
  return new Worker(load, { eval: true });
}

/** Parses in one worker thread; a worker that fails fails every pending and later call. */
export function workerParser(): Parser {
  const worker = startWorker();
  const pending = new Map<number, { resolve: (results: ParseResult[]) => void; reject: (error: Error) => void }>();
  let failure: Error | null = null;
  let nextId = 0;
  const fail = (error: Error) => {
    failure ??= error;
    for (const { reject } of pending.values()) reject(failure);
    pending.clear();
  };
  worker.on('message', ({ id, results }: ParseResponse) => {
    pending.get(id)?.resolve(results);
    pending.delete(id);
  });
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`the parse worker exited (code ${code})`)));
  return {
    parse(files) {
      if (failure) return Promise.reject(failure);
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        try {
          worker.postMessage({ id, files } satisfies ParseRequest);
        } catch (error) {
          pending.delete(id);
          reject(error);
        }
      });
    },
    async close() {
      failure ??= new Error('the parser is closed');
      await worker.terminate();
    },
  };
}

/**
 * Parses inline until a second set with files to parse arrives, then, with more than one core and `threads`
 * not 0, in a worker (inside the API server too: it keeps parsing off the event loop). A worker that cannot
 * start or dies is not worth failing a seed for: that set and the later ones are parsed inline instead.
 */
export function seedParser(options: { threads?: number; yieldEvery?: number } = {}): Parser {
  const useWorker = (options.threads ?? (availableParallelism() > 1 ? 1 : 0)) > 0;
  const inline = inlineParser(options.yieldEvery);
  let worker: Parser | null = null;
  let workerFailed = false;
  let sets = 0;
  return {
    async parse(files) {
      if (files.length === 0) return [];
      sets++;
      if (useWorker && sets > 1 && !workerFailed) {
        try {
          worker ??= workerParser();
          return await worker.parse(files);
        } catch {
          workerFailed = true;
        }
      }
      return inline.parse(files);
    },
    async close() {
      await worker?.close();
    },
  };
}
