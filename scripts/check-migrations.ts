// `npx tsx scripts/check-migrations.ts [--dialect sqlite|postgresql]`: fails when prisma/models.prisma and the
// migrations drift apart, or when Prisma would not accept the history src/db/migrate.ts writes. PostgreSQL
// uses a throwaway database on TEST_DATABASE_URL's server (default: the local one).

import { parseDialects } from './migration-args.js';
import { findMigrationDrift } from './migrations/migration-tooling.js';

let failed = false;
try {
  for (const dialect of parseDialects(process.argv.slice(2)).dialects) {
    const missing = await findMigrationDrift(dialect).catch((error: unknown) => {
      throw new Error(`${dialect}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    });
    if (missing === null) {
      console.log(`${dialect}: migrations match prisma/models.prisma`);
    } else {
      failed = true;
      console.error(
        `${dialect}: migrations lag behind prisma/models.prisma; npm run db:migration -- <name> would add:\n${missing}`,
      );
    }
  }
} catch (error) {
  failed = true;
  console.error(error instanceof Error ? error.message : error);
}
process.exit(failed ? 1 : 0); // exit explicitly: the engine leaves a timer pending on PostgreSQL
