import type { CodeLens } from 'vscode-languageserver';
import { RELATIONS, type FileAnalyzer, type Finding } from '../analysis';
import type { Catalogue } from '../catalogue/catalogue';

/** Story names a lens spells out; the others are counted in its title only. */
const NAMED_STORIES = 2;

/**
 * One lens above each object's `kind:` that has active findings backed by stories: "2 failure
 * stories: Zalando 2019, Moonlight 2019", strongest evidence first. It runs the Open Story command
 * with the story ids (one opens, several offer a pick). `chunks` is the parse of the text the
 * findings belong to.
 */
export function objectLenses(chunks: ReturnType<FileAnalyzer['parse']>, findings: readonly Finding[], catalogue: Catalogue): CodeLens[] {
  const lenses: CodeLens[] = [];
  const active = findings.filter((finding) => !finding.suppressed && finding.object);
  for (const chunk of chunks) {
    const { lines, objects } = chunk;
    const end = chunk.offset + chunk.text.length;
    for (const object of objects) {
      const own = active.filter((finding) => finding.offsets.start >= chunk.offset && finding.offsets.start <= end
        && finding.object!.kind === object.kind && finding.object!.name === object.name && finding.object!.namespace === object.namespace);
      const stories = storiesOf(own).filter((id) => catalogue.story(id));
      if (stories.length === 0) continue;
      const { line, character } = lines.position(object.span(['kind'], 'key').start);
      const position = { line: line + chunk.line, character };
      const names = stories.slice(0, NAMED_STORIES).map((id) => {
        const story = catalogue.story(id)!;
        return `${story.organization} ${story.year}`;
      });
      const title = `${stories.length} ${stories.length === 1 ? 'failure story' : 'failure stories'}: ${names.join(', ')}${stories.length > NAMED_STORIES ? ', …' : ''}`;
      lenses.push({ range: { start: position, end: position }, command: { title, command: 'k8sFailureStories.openStory', arguments: [stories] } });
    }
  }
  return lenses;
}

/** The stories the findings cite, strongest relation first, then in the order first met. */
function storiesOf(findings: readonly Finding[]): string[] {
  const strongest = new Map<string, number>();
  for (const finding of findings) {
    for (const { story, relation } of finding.citations) {
      const rank = RELATIONS.indexOf(relation);
      if (!strongest.has(story) || rank < strongest.get(story)!) strongest.set(story, rank);
    }
  }
  return [...strongest.entries()].sort((a, b) => a[1] - b[1]).map(([story]) => story);
}
