// Prisma CLI configuration. The CLI checks for a native schema engine before every command and tries to
// download one; this project never needs it (client generation is engine-free, migrations are applied by
// src/db/migrate.ts and created with the WebAssembly engine), so point the check at an existing executable.
// `??=` keeps a user's real engine if they have one.
import { defineConfig } from 'prisma/config';

process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= process.execPath;

const provider = (process.env.DATABASE_URL ?? '').startsWith('postgres') ? 'postgresql' : 'sqlite';

export default defineConfig({
  schema: `prisma/${provider}/schema.prisma`,
  migrations: { path: `prisma/${provider}/migrations` },
});
