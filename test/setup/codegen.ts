// Vitest global setup: the example clients' and the tests' typed documents (examples/*/src/gql/, test/gql/, git-ignored)
// are generated from schema.graphql before any test file imports them, so a bare `npx vitest run` on a fresh
// clone works like `npm test` (which runs `npm run codegen` first, for the type check).
import { generate } from '@graphql-codegen/cli';
import config from '../../codegen.js';

export default async function generateClientDocuments(): Promise<void> {
  await generate({ ...config, silent: true }, true);
}
