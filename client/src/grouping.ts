import type { ImpactLevel } from '../../server/src/catalogue/story';
import type { ListCategoriesResult, StorySummary } from '../../server/src/protocol';
import { IMPACT_LABEL, IMPACT_ORDER } from './story-format';

/** The ways the Catalogue tree groups stories (also the values of `k8sFailureStories.catalogue.groupBy`). */
export const GROUPINGS = ['category', 'organization', 'year', 'impactLevel', 'involved'] as const;
export type Grouping = (typeof GROUPINGS)[number];

export const GROUPING_LABEL: Record<Grouping, string> = {
  category: 'Category',
  organization: 'Organization',
  year: 'Year',
  impactLevel: 'Impact level',
  involved: 'Involved component',
};

export function isGrouping(value: unknown): value is Grouping {
  return typeof value === 'string' && (GROUPINGS as readonly string[]).includes(value);
}

export interface StoryGroup {
  /** Stable within a grouping: the category id, organization, year, impact level or component (lower-cased). */
  key: string;
  label: string;
  tooltip?: string;
  stories: StorySummary[];
}

const NONE_KEY = '';

/**
 * Groups stories. Category and involved component are multi-valued, so a story appears under each of
 * its categories / components; organization, year and impact level put every story in exactly one
 * group. Components are matched case-insensitively ("kubelet" and "Kubelet" are one group, labelled
 * with the first spelling met). Stories without a category / component go to a "None" group (key '').
 * Groups are ordered: categories in taxonomy order, years newest first, impact levels by severity,
 * organizations and components alphabetically; within a group, stories newest first, then by title.
 */
export function groupStories(stories: readonly StorySummary[], grouping: Grouping, categories: ListCategoriesResult): StoryGroup[] {
  const groups = new Map<string, StoryGroup>();
  const add = (key: string, label: string, story: StorySummary, tooltip?: string) => {
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { key, label, stories: [], ...(tooltip ? { tooltip } : {}) }));
    if (!group.stories.includes(story)) group.stories.push(story);
  };
  const categoryById = new Map(categories.map((c) => [c.id, c]));
  for (const story of stories) {
    switch (grouping) {
      case 'category':
        for (const id of story.categories) {
          const category = categoryById.get(id);
          add(id, category?.title ?? id, story, category?.description);
        }
        if (story.categories.length === 0) add(NONE_KEY, 'Uncategorised', story);
        break;
      case 'organization':
        add(story.organization.toLowerCase(), story.organization, story);
        break;
      case 'year':
        add(String(story.year), String(story.year), story);
        break;
      case 'impactLevel':
        add(story.impactLevel, IMPACT_LABEL[story.impactLevel], story);
        break;
      case 'involved':
        for (const component of story.involved) add(component.toLowerCase(), component, story);
        if (story.involved.length === 0) add(NONE_KEY, 'None listed', story);
        break;
    }
  }
  const sorted = [...groups.values()];
  const last = (g: StoryGroup) => (g.key === NONE_KEY ? 1 : 0);
  const byLabel = (a: StoryGroup, b: StoryGroup) => a.label.localeCompare(b.label, undefined, { sensitivity: 'base' });
  const categoryOrder = new Map(categories.map((c, i) => [c.id, i]));
  const order: Record<Grouping, (a: StoryGroup, b: StoryGroup) => number> = {
    category: (a, b) => (categoryOrder.get(a.key) ?? Infinity) - (categoryOrder.get(b.key) ?? Infinity) || byLabel(a, b),
    organization: byLabel,
    year: (a, b) => Number(b.key) - Number(a.key),
    impactLevel: (a, b) => IMPACT_ORDER.indexOf(a.key as ImpactLevel) - IMPACT_ORDER.indexOf(b.key as ImpactLevel),
    involved: byLabel,
  };
  sorted.sort((a, b) => last(a) - last(b) || order[grouping](a, b));
  for (const group of sorted) group.stories.sort((a, b) => b.year - a.year || a.title.localeCompare(b.title));
  return sorted;
}
