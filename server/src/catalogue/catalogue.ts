import Fuse from 'fuse.js';
import data from '../../../data/stories.json';
import schema from '../../../data/stories.schema.json';
import { validate, type Schema } from './schema';
import type { CatalogueData, Category, Story } from './story';

/** Longest query searched (a longer one is cut): far beyond a search box's phrase, and still answered in milliseconds. */
export const MAX_QUERY_LENGTH = 100;

/**
 * The story catalogue: validated once when first used, searched with fuse.js through an index
 * built lazily on the first search (activation and plain diagnostics never pay for it).
 */
export class Catalogue {
  readonly stories: readonly Story[];
  readonly categories: readonly Category[];
  private readonly byId: Map<string, Story>;
  private fuse: Fuse<Story> | undefined;

  constructor(raw: unknown) {
    const errors = validate(raw, schema as Schema);
    if (errors.length > 0) throw new Error(`The story catalogue is invalid:\n${errors.slice(0, 20).join('\n')}`);
    const catalogue = raw as CatalogueData;
    this.stories = catalogue.stories;
    this.categories = catalogue.categories;
    this.byId = new Map(this.stories.map((story) => [story.id, story]));
  }

  story(id: string): Story | undefined {
    return this.byId.get(id);
  }

  /**
   * Stories matching `query`, best first; an empty query lists the whole catalogue. Only the first
   * MAX_QUERY_LENGTH characters count: fuzzy matching costs time in proportion to the query's length.
   */
  search(query: string, limit = 50): Story[] {
    const trimmed = query.slice(0, MAX_QUERY_LENGTH).trim();
    if (trimmed === '') return this.stories.slice(0, limit);
    this.fuse ??= new Fuse(this.stories as Story[], {
      keys: [
        { name: 'title', weight: 3 },
        { name: 'organization', weight: 3 },
        { name: 'involved', weight: 2 },
        { name: 'categories', weight: 1.5 },
        { name: 'impact', weight: 1 },
        { name: 'summary', weight: 1 },
      ],
      threshold: 0.35,
      ignoreLocation: true,
      minMatchCharLength: 2,
    });
    return this.fuse.search(trimmed, { limit }).map((result) => result.item);
  }
}

let shared: Catalogue | undefined;

/** The bundled catalogue, validated on first use. */
export function catalogue(): Catalogue {
  shared ??= new Catalogue(data);
  return shared;
}
