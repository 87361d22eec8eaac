// A worker thread that parses for seedFiles (src/ingest/parse-pool.ts): each message is a set of files, each
// answer their PreparedDocuments or failures, in order. prepareDocument is pure and never throws.
import { parentPort } from 'node:worker_threads';
import type { ParseRequest, ParseResponse } from './parse-pool.js';
import { prepareDocument } from './pipeline.js';

if (!parentPort) throw new Error('parse-worker.ts runs as a worker thread (see parse-pool.ts)');
const port = parentPort;
port.on('message', ({ id, files }: ParseRequest) => {
  const results = files.map((file) => prepareDocument(file.path, file.bytes, file.contentHash));
  port.postMessage({ id, results } satisfies ParseResponse);
});
