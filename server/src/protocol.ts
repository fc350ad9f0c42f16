/**
 * Custom requests between the client and the language server. Types only: both sides import
 * this file, so a request's name and shape are declared once.
 */
import type { Citation, Relation, SeverityBasis } from './analysis';
import type { ImpactLevel, Story } from './catalogue/story';
import type { EntryType } from './lsp/file-source';

export type { Citation, Relation, SeverityBasis, EntryType };

export interface StorySummary {
  id: string;
  title: string;
  organization: string;
  year: number;
  impact: string;
  impactLevel: ImpactLevel;
  categories: string[];
  involved: string[];
  url: string;
}

export interface RuleSummary {
  id: string;
  title: string;
  /** The default severity, after the cap for rules no postmortem backs. */
  severity: string;
  severityBasis: SeverityBasis;
  why: string;
  fix: string;
  /** Story ids, strongest first. */
  stories: string[];
  /** The same stories with their relation and our note, strongest first. */
  citations: Citation[];
}

/** A rule as the story view lists it: how it cites that story. */
export interface CitingRule extends RuleSummary { relation: Relation; note: string }

/** Sent by the client: the whole catalogue (the Catalogue tree) or the matches of a query (search). */
export const SEARCH_STORIES = 'k8sFailureStories/searchStories';
export interface SearchStoriesParams { query: string; limit?: number }
export type SearchStoriesResult = StorySummary[];

/** Sent by the client: one story in full, with the rules that cite it and how, strongest relation first (the story view). */
export const GET_STORY = 'k8sFailureStories/getStory';
export interface GetStoryParams { id: string }
export type GetStoryResult = (Story & { rules: CitingRule[] }) | null;

/** Sent by the client: every rule (rule docs, the This-file tree). */
export const LIST_RULES = 'k8sFailureStories/listRules';
export type ListRulesResult = RuleSummary[];

/** Sent by the client: the categories of the taxonomy, for grouping the Catalogue tree. */
export const LIST_CATEGORIES = 'k8sFailureStories/listCategories';
export type ListCategoriesResult = { id: string; title: string; description: string }[];

/**
 * Sent by the server when it cannot read a URI itself (the web build; virtual file systems on the
 * desktop): the client answers with `vscode.workspace.fs`. The entries of a folder, as [name, type].
 */
export const READ_DIRECTORY = 'k8sFailureStories/readDirectory';
export interface ReadDirectoryParams { uri: string }
export type ReadDirectoryResult = [string, EntryType][];

/** Sent by the server, as READ_DIRECTORY: a regular file's text, null when it is not one or is over `maxBytes`. */
export const READ_TEXT = 'k8sFailureStories/readText';
export interface ReadTextParams { uri: string; maxBytes: number }
export type ReadTextResult = string | null;

/** Sent by the server, as READ_DIRECTORY: whether a file or folder exists at `uri`. */
export const FILE_EXISTS = 'k8sFailureStories/exists';
export interface FileExistsParams { uri: string }
