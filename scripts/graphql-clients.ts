// The repository's GraphQL clients: every folder under examples/, and web/ once it exists, whose src/ holds
// operations in `graphql(...)` calls. codegen.ts types each one and lists its persisted documents; the server's
// allow-list (persisted-operations.json) is the union of those lists.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Where the clients live, from the repository root: folders of clients, or one client. */
const CLIENT_PARENTS = ['examples'];
const SINGLE_CLIENTS = ['web'];

export interface GraphQLClientFolder {
  /** Folder of the client, from the repository root (e.g. examples/dashboard-client). */
  dir: string;
  /** Its sources: codegen reads the operations there. */
  sourceDir: string;
  /** Where codegen writes its typed documents and persisted-documents.json. */
  generatedDir: string;
  /** The client's {"<sha256>": "<operation>"} map, written by `npm run codegen`. */
  persistedDocumentsFile: string;
}

export function graphqlClients(root = ROOT): GraphQLClientFolder[] {
  const dirs = [
    ...CLIENT_PARENTS.flatMap((parent) =>
      existsSync(join(root, parent))
        ? readdirSync(join(root, parent), { withFileTypes: true })
            .filter((e) => e.isDirectory())
            .map((e) => `${parent}/${e.name}`)
        : [],
    ),
    ...SINGLE_CLIENTS,
  ];
  return dirs
    .filter((dir) => existsSync(join(root, dir, 'src')))
    .sort()
    .map((dir) => ({
      dir,
      sourceDir: `${dir}/src`,
      generatedDir: `${dir}/src/gql`,
      persistedDocumentsFile: `${dir}/src/gql/persisted-documents.json`,
    }));
}

/**
 * The server's allow-list: every client's persisted documents in one {"<sha256>": "<operation>"} object, by
 * hash. Needs `npm run codegen` first.
 */
export function clientPersistedOperations(root = ROOT): Record<string, string> {
  const operations = new Map<string, string>();
  for (const client of graphqlClients(root)) {
    const file = join(root, client.persistedDocumentsFile);
    if (!existsSync(file)) throw new Error(`${client.persistedDocumentsFile} is missing: run npm run codegen`);
    for (const [hash, operation] of Object.entries(JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>)) {
      operations.set(hash, operation);
    }
  }
  return Object.fromEntries([...operations].sort(([a], [b]) => a.localeCompare(b)));
}
