// `npm run codegen`: typed documents for examples/dashboard-client from the committed schema.graphql (never
// introspection, so generation needs no running server and follows the schema under review).
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['examples/dashboard-client/src/**/*.ts', '!examples/dashboard-client/src/gql/**'],
  ignoreNoDocuments: false,
  generates: {
    'examples/dashboard-client/src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
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
    },
  },
};

export default config;
