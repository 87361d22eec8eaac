// `npm run codegen`: for every GraphQL client of the repository (see scripts/graphql-clients.ts), typed documents
// and the persisted documents ({"<sha256>": "<operation>"}) of its operations, in <client>/src/gql/; and the
// typed documents of the tests, in test/gql/. Read from the
// committed schema.graphql (never introspection, so generation needs no running server and follows the schema
// under review). `npm run persisted-operations` joins the clients' persisted documents into the server's allow-list.
import type { CodegenConfig } from '@graphql-codegen/cli';
import { graphqlClients } from './scripts/graphql-clients.js';

const clientOutput: CodegenConfig['generates'][string] = {
  preset: 'client',
  presetConfig: {
    fragmentMasking: false,
    // sha256 of the printed operation: the id the server's persisted-operations plugin looks up
    // (Apollo's extensions.persistedQuery.sha256Hash). Each document keeps its text and carries the hash in __meta__.
    persistedDocuments: { mode: 'embedHashInDocument', hashAlgorithm: 'sha256' },
  },
  config: {
    // DateTime travels as an RFC 3339 string; every other custom scalar must be mapped, not typed `any`.
    scalars: { DateTime: 'string' },
    strictScalars: true,
    enumsAsTypes: true,
    // Nullable fields are `T | null` and always present, as in the JSON response, instead of `field?: T | null`.
    avoidOptionals: { field: true },
    skipTypename: true,
    useTypeImports: true,
    // NodeNext resolution needs explicit extensions in the generated relative imports.
    importExtension: '.js',
  },
};

/** CODEGEN_ONLY=web: only that client's documents (the build of the page, scripts/build.mjs). */
const only = process.env.CODEGEN_ONLY;
const clients = graphqlClients().filter((client) => !only || client.dir === only);

const config: CodegenConfig = {
  schema: 'schema.graphql',
  // A client folder without any operation is a mistake (a moved file, a wrong glob): fail rather than skip it.
  ignoreNoDocuments: false,
  generates: {
    ...Object.fromEntries(
      clients.map((client) => [
        `${client.generatedDir}/`,
        {
          ...clientOutput,
          documents: [`${client.sourceDir}/**/*.{ts,tsx}`, `!${client.generatedDir}/**`],
        },
      ]),
    ),
    // The tests' typed documents (test/graphql/documents.ts). Tests are no client: no persisted documents, so
    // their ad-hoc operations never reach the allow-list.
    ...(only
      ? {}
      : {
          'test/gql/': { ...clientOutput, presetConfig: { fragmentMasking: false }, documents: ['test/graphql/documents.ts'] },
        }),
  },
};

export default config;
