// `npm run schema`: writes schema.graphql, the sorted SDL clients and codegen build on.
import { writeFileSync } from 'node:fs';
import { printSortedSchema } from '../src/graphql/schema.js';

writeFileSync(new URL('../schema.graphql', import.meta.url), printSortedSchema());
console.log('wrote schema.graphql');
