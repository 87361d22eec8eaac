// `npm run persisted-operations [-- file]`: writes the allow-list of the project's own operations (default:
// persisted-operations.json), to serve with PERSISTED_OPERATIONS_FILE=<file>.
import { writeFileSync } from 'node:fs';
import { KNOWN_OPERATIONS, persistedOperationsFile } from '../server/persisted-operations.js';

const file = process.argv.slice(2).find((a) => a !== '--') ?? 'persisted-operations.json';
writeFileSync(file, `${JSON.stringify(persistedOperationsFile(KNOWN_OPERATIONS), null, 2)}\n`);
console.log(`wrote ${KNOWN_OPERATIONS.length} operations to ${file}`);
