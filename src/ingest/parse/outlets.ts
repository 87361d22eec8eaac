// Known news outlets whose scraped pages we can read: how to recognize a page and which lines are
// page furniture rather than story. Patterns match a line with its whitespace collapsed to single
// spaces (pages use non-breaking spaces, e.g. "The\u00a0Independent") and trimmed.
// To support another outlet, add an entry; parsePlainText also takes a custom table.

export interface OutletProfile {
  name: string;
  /** Lower-case host without "www.". */
  domain: string;
  /** Lines only this outlet's pages carry: any one of them identifies the outlet. */
  signatures: readonly RegExp[];
  /** Single lines of page chrome (prompts, markers), dropped wherever they occur before the footer. */
  chromeLines: readonly RegExp[];
  /** Multi-line inserts (donation appeals), dropped from their first line to their last, inclusive. */
  blocks: readonly { first: RegExp; last: RegExp }[];
  /** The first line of the page footer: it and everything after it are dropped. */
  footerStarts: readonly RegExp[];
  /** The story opens with the caption of a lead video/photo (a line that is not a sentence): drop it. */
  leadingCaption: boolean;
}

export const THE_INDEPENDENT: OutletProfile = {
  name: 'The Independent',
  domain: 'independent.co.uk',
  signatures: [
    /^Stay up to date with notifications from The Independent$/,
    /^Join thought-provoking conversations, follow other Independent readers\b/,
    /^The Independent is trusted by\b/,
  ],
  chromeLines: [
    /^Stay up to date with notifications from The Independent$/,
    /^Notifications can be managed in browser preferences\.?$/,
    /^Comments$/,
  ],
  blocks: [{ first: /^Your support helps us to tell the story$/, last: /^Your support makes all the difference\.?$/ }],
  footerStarts: [/^Join our commenting forum$/],
  leadingCaption: true,
};

export const KNOWN_OUTLETS: readonly OutletProfile[] = [THE_INDEPENDENT];
