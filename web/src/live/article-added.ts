// The live feed's subscription (Subscription.articleAdded, GraphQL over SSE).
import { graphql } from '../gql/index.js';

export const ArticleAddedSubscription = graphql(`
  subscription ArticleAdded($filter: ArticleFilter) {
    articleAdded(filter: $filter) { ...StorySummary }
  }
`);
