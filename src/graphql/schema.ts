// Imports every domain file (each registers its types and fields on the builder) and builds the schema.
import { lexicographicSortSchema, printSchema } from 'graphql';
import { builder } from './builder.js';
import './article.js';
import './provider.js';
import './topic.js';
import './ingest.js';
import './live.js';

export const schema = builder.toSchema();

/** The SDL committed as schema.graphql: types and fields sorted, so diffs show real changes only. */
export function printSortedSchema(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
