// GraphiQL from the server's own bytes. Yoga's default page loads GraphiQL's script, styles and editor workers
// from unpkg.com and its favicon from GitHub: without internet (a locked-down newsroom network, CI) it stays
// a blank "Loading…" page. @graphql-yoga/render-graphiql inlines all of them (fonts and icons as data: URLs)
// into one page of about 9 MB, so it is loaded on the first visit only and each page is encoded once.
import type { GraphiQLOptions } from 'graphql-yoga';

/** A `renderGraphiQL` for createYoga: the page for the last options seen, rendered once and kept as bytes. */
export function createGraphiQLRenderer(): (options: GraphiQLOptions) => Promise<Uint8Array<ArrayBuffer>> {
  let rendered: { options: string; page: Uint8Array<ArrayBuffer> } | undefined;
  return async (options) => {
    const key = JSON.stringify(options);
    if (rendered?.options !== key) {
      const { renderGraphiQL } = await import('@graphql-yoga/render-graphiql');
      rendered = { options: key, page: Buffer.from(renderGraphiQL(options)) };
    }
    return rendered.page;
  };
}
