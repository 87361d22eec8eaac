// `npm run persisted-operations [-- file]`: writes the server's allow-list (default: persisted-operations.json), to
// serve with PERSISTED_OPERATIONS_FILE=<file>: the persisted documents codegen lists for every client folder
// (scripts/graphql-clients.ts), so each client's operations run by the hash it sends. The npm script runs codegen first.
import { writeFileSync } from 'node:fs';
import { clientPersistedOperations, graphqlClients } from './graphql-clients.js';

const file = process.argv.slice(2).find((a) => a !== '--') ?? 'persisted-operations.json';
const operations = clientPersistedOperations();
writeFileSync(file, `${JSON.stringify(operations, null, 2)}\n`);
const clients = graphqlClients().map((c) => c.dir);
console.log(`wrote ${Object.keys(operations).length} operations of ${clients.join(', ')} to ${file}`);
