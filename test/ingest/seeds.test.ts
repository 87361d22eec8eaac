// The two seed documents, every field of the result asserted.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { documentFromBytes } from '../../src/ingest/pipeline.js';
import type { ArticleRecord, ImageRecord } from '../../src/ingest/types.js';
import { SEEDS_DIR } from './helpers.js';

function onlyArticle(file: string): ArticleRecord {
  const document = documentFromBytes(readFileSync(join(SEEDS_DIR, file)));
  if (document.kind !== 'articles') throw new Error(`${file} was skipped as ${document.skippedKind}`);
  expect(document.articles).toHaveLength(1);
  return document.articles[0]!;
}

const image = (url: string, width: number, height: number, isCached: boolean | null = true): ImageRecord => ({
  url,
  width,
  height,
  isCached,
});
const logo = (domain: string) =>
  image(`https://smartableai.github.io/election/assets/images/organizations/${domain}-50x50.jpg`, 50, 50, null);
const bi = 'https://www.businessinsider.com/report-ivanka-urged-trump-make-up-pence-after-capitol-riot-2021-2';

describe('seed 004 (Smartable front matter)', () => {
  it('yields exactly the expected record', () => {
    expect(documentFromBytes(readFileSync(join(SEEDS_DIR, '004_802b4129ae81b8f2.txt'))).format).toBe('front-matter');
    const expected: ArticleRecord = {
      identityKey: bi,
      title: "Ivanka played peacemaker in Trump and Pence's 'uncomfortable' first meeting after Capitol riots, report says",
      excerpt:
        'Jared Kushner, who also helped arrange the meeting, later jokingly compared it to his efforts at brokering peace in the Middle East, the report says.',
      body: null,
      author: null,
      category: 'news',
      type: 'article',
      publishedAt: new Date('2021-02-13T14:49:00.000Z'),
      originalUrl: bi,
      webUrl: bi,
      ampWebUrl: `${bi}?amp`,
      cdnAmpWebUrl:
        'https://www-businessinsider-com.cdn.ampproject.org/c/s/www.businessinsider.com/report-ivanka-urged-trump-make-up-pence-after-capitol-riot-2021-2?amp',
      quality: 121,
      heat: -1,
      published: false,
      secured:
        'DQN8K6tOyKbXSHzLq6Sq2QKuDNLJSgWgpxO7p7FZDSDIEd/V34I+2cYeDjq7MjZGKlo3YSouCae/h5EFqR5MaO293tU+caljIN09Eo4QnI+eLL8K+3SB+P0NrWz5b2DLezHth66G6AHTPj3sEfpsvE+zI62E9jloTny6NEv1N++ijAxttF/Km9RysUD88x02JMkONa5qvat04HjWqKu6v25yqM9mXgRsr9VbKhs1HvELnE0u19SeRStFtDjoPxT1yO8Zpkhiyi17R+FmfCslAEmaXHkNgS2p5cSwjGY4nxBfP/BOwmpt0XlmF1iaNakscbVy5XGpTyp5Q5qyZzg185vGsbxnPT8RE/Lt3s1QrPw=;8U/Z8YcHfKX2tSuX8R3Y+Q==',
      language: 'en',
      provider: { name: 'Business Insider', domain: 'businessinsider.com', images: [logo('businessinsider.com')] },
      topics: ['Election', 'Mike Pence'],
      images: [image('https://i.insider.com/6027adbbb3c2a800183ccbff?width=1200&format=jpeg', 1200, 600)],
      related: [
        {
          identityKey: 'https://abcnews.go.com/Politics/wireStory/ivanka-trump-tells-rubio-run-senate-seat-75976845',
          title: "Ivanka Trump tells Rubio she won't run for his Senate seat",
          excerpt:
            'Ivanka Trump will not be running for Florida Sen. Marco Rubio’s U.S. Senate seat in 2022 as she settles into life after Washington',
          publishedAt: new Date('2021-02-18T19:27:00.000Z'),
          originalUrl: null,
          webUrl: 'https://abcnews.go.com/Politics/wireStory/ivanka-trump-tells-rubio-run-senate-seat-75976845',
          ampWebUrl: 'https://abcnews.go.com/amp/Politics/wireStory/ivanka-trump-tells-rubio-run-senate-seat-75976845',
          cdnAmpWebUrl:
            'https://abcnews-go-com.cdn.ampproject.org/c/s/abcnews.go.com/amp/Politics/wireStory/ivanka-trump-tells-rubio-run-senate-seat-75976845',
          type: 'article',
          quality: 125,
          heat: null,
          language: 'en',
          provider: { name: 'ABC', domain: 'abcnews.go.com', images: [] },
          images: [image('https://s.abcnews.com/images/Politics/WireAP_10e1889d7f5942b58ca37f3fa5e9c9f4_16x9_992.jpg', 992, 558)],
        },
        {
          identityKey:
            'https://www.chicagotribune.com/nation-world/ct-aud-nw-ivanka-trump-marco-rubio-senate-20210218-akuxftwwobh3lmhhgzymv6prpe-story.html',
          title: 'Ivanka Trump tells Sen. Marco Rubio she will not run for his Senate seat in 2022',
          excerpt:
            'Ivanka Trump will not be running for Sen. Marco Rubio’s U.S. Senate seat in 2022.The ex-senior White House adviser spoke with Rubio several weeks ago.',
          publishedAt: new Date('2021-02-18T19:35:00.000Z'),
          originalUrl: null,
          webUrl:
            'https://www.chicagotribune.com/nation-world/ct-aud-nw-ivanka-trump-marco-rubio-senate-20210218-akuxftwwobh3lmhhgzymv6prpe-story.html',
          ampWebUrl:
            'https://www.chicagotribune.com/nation-world/ct-aud-nw-ivanka-trump-marco-rubio-senate-20210218-akuxftwwobh3lmhhgzymv6prpe-story.html?outputType=amp',
          cdnAmpWebUrl:
            'https://www-chicagotribune-com.cdn.ampproject.org/c/s/www.chicagotribune.com/nation-world/ct-aud-nw-ivanka-trump-marco-rubio-senate-20210218-akuxftwwobh3lmhhgzymv6prpe-story.html?outputType=amp',
          type: 'article',
          quality: 120,
          heat: null,
          language: 'en',
          provider: { name: 'Chicago Tribune', domain: 'chicagotribune.com', images: [] },
          images: [
            image(
              'https://www.chicagotribune.com/resizer/t_d161UjJTSv1JSV136IImAvrtU=/1200x0/center/top/cloudfront-us-east-1.images.arcpublishing.com/tronc/A3GTOAJ4C5SSVFF5ZTJXNQAYGU.aspx',
              1200,
              800,
            ),
          ],
        },
        {
          identityKey:
            'https://www.newsweek.com/marco-rubio-suggests-senate-could-try-hillary-clinton-donald-trump-convicted-1569095',
          title: 'Marco Rubio Suggests Senate Could Try Hillary Clinton if Donald Trump is Convicted',
          excerpt:
            'Senator Marco Rubio (R-FL) has suggested that f Hillary Clinton could be impeached and put on trial in the Senate if former President Donald Trump is convi',
          publishedAt: new Date('2021-02-13T12:22:00.000Z'),
          originalUrl: null,
          webUrl: 'https://www.newsweek.com/marco-rubio-suggests-senate-could-try-hillary-clinton-donald-trump-convicted-1569095',
          ampWebUrl:
            'https://www.newsweek.com/marco-rubio-suggests-senate-could-try-hillary-clinton-donald-trump-convicted-1569095?amp=1',
          cdnAmpWebUrl:
            'https://www-newsweek-com.cdn.ampproject.org/c/s/www.newsweek.com/marco-rubio-suggests-senate-could-try-hillary-clinton-donald-trump-convicted-1569095?amp=1',
          type: 'article',
          quality: 119,
          heat: null,
          language: 'en',
          provider: { name: 'Newsweek', domain: 'newsweek.com', images: [] },
          images: [image('https://d.newsweek.com/en/full/1734630/former-secretary-state-hillary-clinton.jpg', 2560, 1704)],
        },
      ],
    };
    expect(onlyArticle('004_802b4129ae81b8f2.txt')).toStrictEqual(expected);
  });
});

describe('seed 000 (The Independent, plain text)', () => {
  const article = onlyArticle('000_f9ee7d23065da61a.txt');
  const title = 'Ivanka Trump tried to set up ‘peacemaking’ dinner with Hillary Clinton at father’s request';

  it('reads the header fields', () => {
    expect(article.title).toBe(title);
    expect(article.excerpt).toBe(
      'Trump ‘genuinely wanted to help the country unite’, writes the former president’s son-in-law in his new memoir, Breaking History',
    );
    expect(article.author).toBe('Johanna Chisholm');
    expect(article.publishedAt?.toISOString()).toBe('2022-08-23T13:02:00.000Z');
    expect(article.provider).toEqual({ name: 'The Independent', domain: 'independent.co.uk', images: [] });
  });

  it('has a text identity and no Smartable-only fields', () => {
    const digest = createHash('sha256').update(`independent.co.uk\n${title}\n2022-08-23T13:02:00.000Z`).digest('hex');
    expect(article).toMatchObject({
      identityKey: `text:${digest}`,
      ...{ category: null, type: null, originalUrl: null, webUrl: null, ampWebUrl: null, cdnAmpWebUrl: null },
      ...{ quality: null, heat: null, published: null, secured: null, topics: [], images: [], related: [] },
    });
  });

  it('keeps the story and nothing of the page around it', () => {
    const body = article.body ?? '';
    expect(body.startsWith('Jared Kushner claimed in his recently released memoir')).toBe(true);
    expect(body.endsWith('according to PolitiFact.')).toBe(true);
    expect(body.split('\n\n')).toHaveLength(11);
    const boilerplate = [
      'Stay up to date with notifications',
      'Notifications can be managed',
      'Comments',
      'Jared Kushner addresses FBI raid',
      'Your support helps us to tell the story',
      'is on the ground when the story is developing',
      'Your donation allows us',
      'is trusted by Americans',
      'Your support makes all the difference',
      'Join our commenting forum',
      'thought-provoking conversations',
      'Thank you for registering',
      'Please refresh the page',
      'Johanna Chisholm',
      'Tuesday 23 August 2022',
    ];
    for (const text of boilerplate) expect(body).not.toContain(text);
  });
});
