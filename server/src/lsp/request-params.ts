import { ErrorCodes, ResponseError } from 'vscode-languageserver/node';
import type { GetStoryParams, SearchStoriesParams } from '../protocol';

/**
 * Checks the parameters of our custom requests before use: any client may send anything, and a
 * malformed request gets a clear InvalidParams error rather than an internal error from deep inside.
 */

export function searchStoriesParams(params: unknown): SearchStoriesParams {
  const { query, limit } = record(params);
  if (typeof query !== 'string') throw invalid('"query" must be a string');
  if (limit === undefined) return { query };
  if (typeof limit !== 'number' || !Number.isSafeInteger(limit) || limit < 0) throw invalid('"limit", when given, must be a whole number, 0 or more');
  return { query, limit };
}

export function getStoryParams(params: unknown): GetStoryParams {
  const { id } = record(params);
  if (typeof id !== 'string') throw invalid('"id" must be a string');
  return { id };
}

function record(params: unknown): Record<string, unknown> {
  if (typeof params !== 'object' || params === null || Array.isArray(params)) throw invalid('the parameters must be an object');
  return params as Record<string, unknown>;
}

function invalid(message: string): ResponseError<void> {
  return new ResponseError(ErrorCodes.InvalidParams, `Invalid parameters: ${message}.`);
}
