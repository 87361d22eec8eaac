// The one operation this client sends. `npm run codegen` types it against schema.graphql and lists it, with its
// sha256, in src/gql/persisted-documents.json: that is how ingestArticles joins the server's allow-list.
import { graphql } from './gql/index.js';

/** Stores a batch of documents; one result per document, in the order sent. */
export const IngestArticlesMutation = graphql(`
  mutation IngestArticles($documents: [IngestDocumentInput!]!) {
    ingestArticles(documents: $documents) {
      name
      status
      articleIds
      skippedKind
      error
    }
  }
`);
