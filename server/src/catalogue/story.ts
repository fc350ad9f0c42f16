/** The catalogue's shapes, as `data/stories.schema.json` defines them. */
export type StoryKind = 'blog post' | 'postmortem' | 'talk' | 'slides' | 'incident report';
export type ImpactLevel = 'production' | 'non-production' | 'trivial';

export interface Story {
  id: string;
  title: string;
  organization: string;
  year: number;
  kind: StoryKind;
  url: string;
  involved: string[];
  impact: string;
  impactLevel: ImpactLevel;
  categories: string[];
  summary: string;
  lessons: string[];
  evidence: 'read' | 'listing';
}

export interface Category { id: string; title: string; description: string }

export interface CatalogueData { categories: Category[]; stories: Story[] }
