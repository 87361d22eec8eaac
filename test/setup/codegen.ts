// Vitest global setup: the example client's typed documents (examples/dashboard-client/src/gql/, git-ignored)
// are generated from schema.graphql before any test file imports them, so a bare `npx vitest run` on a fresh
// clone works like `npm test` (which runs `npm run codegen` first, for the type check).
import { generate } from '@graphql-codegen/cli';
import config from '../../codegen.js';

export default async function generateClientDocuments(): Promise<void> {
  await generate({ ...config, silent: true }, true);
}
