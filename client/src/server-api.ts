import type { BaseLanguageClient } from 'vscode-languageclient';
import {
  GET_STORY, LIST_CATEGORIES, LIST_RULES, SEARCH_STORIES,
  type GetStoryParams, type GetStoryResult, type ListCategoriesResult, type ListRulesResult, type RuleSummary,
  type SearchStoriesParams, type SearchStoriesResult, type StorySummary,
} from '../../server/src/protocol';

/** More than the catalogue will ever hold: "every story" for the trees and the filter. */
const ALL = 10_000;

/**
 * The client side of the custom requests (their names and shapes live in server/src/protocol.ts).
 * The views ask through here, lazily: nothing is requested until a view or command needs it.
 * The whole-catalogue answers (stories, rules, categories) never change while the server runs,
 * so they are cached until `clearCache` (the Refresh command).
 */
export class ServerApi {
  private stories: Promise<StorySummary[]> | undefined;
  private rules: Promise<RuleSummary[]> | undefined;
  private categories: Promise<ListCategoriesResult> | undefined;

  constructor(private readonly client: BaseLanguageClient) {}

  clearCache(): void {
    this.stories = this.rules = this.categories = undefined;
  }

  /** The server's fuse.js search; an empty query lists the catalogue. */
  search(query: string, limit = 200): Promise<SearchStoriesResult> {
    const params: SearchStoriesParams = { query, limit };
    return this.client.sendRequest<SearchStoriesResult>(SEARCH_STORIES, params);
  }

  allStories(): Promise<StorySummary[]> {
    return (this.stories ??= uncachedOnFailure(this.search('', ALL), () => (this.stories = undefined)));
  }

  async storyById(id: string): Promise<StorySummary | undefined> {
    return (await this.allStories()).find((story) => story.id === id);
  }

  story(id: string): Promise<GetStoryResult> {
    const params: GetStoryParams = { id };
    return this.client.sendRequest<GetStoryResult>(GET_STORY, params);
  }

  listRules(): Promise<RuleSummary[]> {
    return (this.rules ??= uncachedOnFailure(this.client.sendRequest<ListRulesResult>(LIST_RULES), () => (this.rules = undefined)));
  }

  listCategories(): Promise<ListCategoriesResult> {
    return (this.categories ??= uncachedOnFailure(this.client.sendRequest<ListCategoriesResult>(LIST_CATEGORIES), () => (this.categories = undefined)));
  }
}

/** A request's answer, to cache: `forget` drops it from the cache if it fails (server still starting, crashed). */
export function uncachedOnFailure<T>(request: Promise<T>, forget: () => void): Promise<T> {
  request.catch(forget);
  return request;
}
