// Image: an article's picture or a provider's logo.
import type { Image } from '../generated/sqlite/client.js';
import { builder } from './builder.js';

export const ImageRef = builder.objectRef<Image>('Image').implement({
  fields: (t) => ({
    url: t.exposeString('url'),
    width: t.exposeInt('width', { nullable: true }),
    height: t.exposeInt('height', { nullable: true }),
    isCached: t.exposeBoolean('isCached', { nullable: true }),
  }),
});
