// Headline-like text for the synthetic corpus: words drawn with Zipf-like weights (a few very common, a
// long tail of rare ones), so full-text search has frequent and selective terms as real news does.
import { pickWeightedIndex, type Random } from './prng.js';

const WORDS = `trump biden election vote president campaign says house senate republicans democrats court
state new harris pence covid white voters police report capitol officials former people federal ballots
administration party america governor supreme first years after rally georgia pennsylvania impeachment
trial vaccine pandemic judge lawyers fraud claims lawsuit debate poll polls results count counting mail
race win lead victory transition inauguration january riot attack security protest protesters officers
investigation congress lawmakers bill relief stimulus economy jobs market stocks tax taxes health care
insurance climate fires energy oil border immigration wall asylum china russia iran trade tariffs
sanctions military troops pentagon defense secretary nominee cabinet senator representative speaker
pelosi mcconnell schumer graham cruz hawley romney cheney greene gaetz jordan giuliani barr fauci birx
kushner ivanka melania obama clinton sanders warren buttigieg yellen garland blinken austin mayorkas
michigan wisconsin arizona nevada florida texas ohio california york virginia carolina minnesota iowa
twitter facebook ban platform social media news network fox cnn msnbc interview statement tweet
video speech remarks conference week monday tuesday wednesday thursday friday weekend night morning
million billion percent record history future plan policy rules order executive action agency
department justice fbi cia intelligence report documents records tapes emails calls meeting summit
donors money fundraising spending budget deficit debt deal talks negotiations agreement vote recount
certification electors electoral college states counties districts turnout early absentee drop box
campaigners supporters critics allies rivals enemies challengers incumbents candidates primary runoff
`
  .split(/\s+/)
  .filter(Boolean);

// Zipf-like: weight 1/(rank + 8) flattens the head a little, as headlines repeat names less than prose.
const WEIGHTS = WORDS.map((_, rank) => 1 / (rank + 8));

/** One word; the vocabulary is shared by titles, excerpts and searches. */
export function word(random: Random): string {
  return WORDS[pickWeightedIndex(random, WEIGHTS)]!;
}

/** Words up to about `chars` characters, capitalized like a sentence, with the occasional curly quote. */
export function sentence(random: Random, chars: number, headline: boolean): string {
  const words: string[] = [];
  let length = 0;
  for (let guard = 0; guard < 200 && length < chars; guard++) {
    let w = word(random);
    if (headline || words.length === 0) w = w[0]!.toUpperCase() + w.slice(1);
    if (random() < 0.03) w = `‘${w}’`;
    words.push(w);
    length += w.length + 1;
  }
  const text = words.join(' ');
  return headline ? text : `${text}.`;
}

/** A frequent word, a middling one and a rare one: queries for the search benchmark. */
export const SEARCH_TERMS = { frequent: WORDS[3]!, middling: WORDS[40]!, rare: WORDS[200]! };
