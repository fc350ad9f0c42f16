/**
 * Custom requests between the client and the language server. Types only: both sides import
 * this file, so a request's name and shape are declared once.
 */
import type { Citation, ObjectRef, Range, Relation, Severity, SeverityBasis } from './analysis';
import type { ImpactLevel, Story } from './catalogue/story';
import type { EntryType } from './lsp/file-source';

export type { Citation, EntryType, ObjectRef, Range, Relation, Severity, SeverityBasis };

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

/** An object of the workspace where a story's citing rules fire. */
export interface ObjectHere {
  /** The file, as the editor names it. */
  uri: string;
  /** Undefined for findings about the file itself (a YAML syntax error). */
  object?: ObjectRef;
  /** The findings that cite the story on this object, the strongest link first; the first is where a click goes. */
  findings: { ruleId: string; relation: Relation; severity: Severity; message: string; range: Range }[];
}

/** A story whose rules fire somewhere in what was checked. */
export interface StoryHere {
  story: string;
  /** The strongest way the story backs any of the findings. */
  relation: Relation;
  objectCount: number;
  findingCount: number;
}

/** What was checked: the open files, or every YAML file of the workspace (the scope setting, or Check Workspace). */
export type CheckedScope = 'openFiles' | 'workspace';

/**
 * Sent by the client: the stories that could happen here, strongest evidence first, then by how many
 * findings repeat them (the Could Happen Here view, the Catalogue's marks).
 */
export const STORIES_HERE = 'k8sFailureStories/storiesHere';
export interface StoriesHereResult {
  scope: CheckedScope;
  /** True while the workspace pass is still going: more may come. */
  checking: boolean;
  /** Files whose findings are counted. */
  files: number;
  stories: StoryHere[];
}

/** Sent by the client: where one story's rules fire (a Could Happen Here story expanded, the story view's In this workspace section). */
export const OBJECTS_HERE = 'k8sFailureStories/objectsHere';
export interface ObjectsHereParams { story: string }
export interface ObjectsHereResult {
  scope: CheckedScope;
  checking: boolean;
  /** The first MAX_OBJECTS_HERE objects, strongest link first. */
  objects: ObjectHere[];
  /** How many objects there are in all. */
  total: number;
}
/** Most objects an OBJECTS_HERE answer lists: a view could not usefully show more. */
export const MAX_OBJECTS_HERE = 500;

/** Sent by the server, a little after findings changed anywhere: STORIES_HERE and OBJECTS_HERE answers may differ now. */
export const STORIES_HERE_CHANGED = 'k8sFailureStories/storiesHereChanged';

/**
 * Sent by the client (the Check Workspace command): checks every YAML file of the workspace now and
 * keeps their diagnostics up to date for the rest of the session, whatever the scope setting says.
 * Answers when the first pass is over: the files checked, and whether it was cancelled (or replaced
 * by a newer pass). An error when the workspace index is turned off or no folder is open.
 */
export const CHECK_WORKSPACE = 'k8sFailureStories/checkWorkspace';
export interface CheckWorkspaceResult { files: number; cancelled: boolean }

/**
 * Sent by the server: progress of the first pass over the workspace (the files are read, then checked),
 * which the client shows with a Cancel button.
 */
export const WORKSPACE_CHECK_PROGRESS = 'k8sFailureStories/workspaceCheckProgress';
export type WorkspaceCheckProgress =
  | { kind: 'begin' }
  | { kind: 'report'; phase: 'reading' | 'checking'; done: number; total: number }
  | { kind: 'end'; files: number; cancelled: boolean };

/**
 * Sent by the client when the user cancels that progress: the pass stops, closed files' diagnostics are
 * withdrawn, and only open files are checked until Check Workspace runs again.
 */
export const CANCEL_WORKSPACE_CHECK = 'k8sFailureStories/cancelWorkspaceCheck';
