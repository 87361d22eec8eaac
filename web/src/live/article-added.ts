// The live feed's subscription (Subscription.articleAdded, GraphQL over SSE). codegen.ts leaves this file out while
// schema.graphql has no Subscription type: `graphql()` then returns `{}`, and the page says live updates are off.
import { graphql } from '../gql/index.js';

export const ArticleAddedSubscription = graphql(`
  subscription ArticleAdded($filter: ArticleFilter) {
    articleAdded(filter: $filter) { ...StorySummary }
  }
`);
