/** The dashboard query the API is tuned for; GraphiQL opens with it. */
export const DASHBOARD_QUERY = /* GraphQL */ `query Dashboard($first: Int = 50) {
  articles(first: $first) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      node {
        title
        publishedAt
        provider { name domain }
        topics { name }
        images { url }
        related(first: 5) {
          edges {
            node {
              title
              webUrl
              provider { name }
              topics { name }
            }
          }
        }
      }
    }
  }
}
`;
