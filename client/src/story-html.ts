import type { CheckedScope, GetStoryResult, ObjectHere, Relation } from '../../server/src/protocol';

/** What the story view's HTML needs from the webview: URIs it may load and the CSP source. */
export interface WebviewResources {
  cspSource: string;
  styleUri: string;
  scriptUri: string;
  nonce: string;
}

/** How a rule cites the story, as the story view words it (strongest first in the list). */
export const RELATION_TEXT = { cause: 'Named as a cause', fix: 'Named as the fix', related: 'Related' } as const;

const IMPACT_TEXT = { production: 'Production impact', 'non-production': 'Non-production impact', trivial: 'Trivial impact' } as const;

/** "Deployment web" (namespaced: "Deployment prod/web"); the file's name for a finding about the file itself. */
export function objectLabel(object: ObjectHere): string {
  if (!object.object) return fileName(object.uri);
  const { kind, name, namespace } = object.object;
  return `${kind} ${namespace ? `${namespace}/` : ''}${name}`;
}

function fileName(uri: string): string {
  const name = uri.slice(uri.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

/** The story's objects in the workspace as the story view lists them; `location` is "file:line", already made relative. */
export interface InWorkspace {
  scope: CheckedScope;
  checking: boolean;
  total: number;
  objects: { label: string; location: string; findings: { ruleId: string; relation: Relation }[] }[];
}

/**
 * The "In this workspace" section's body: each object where a rule citing the story fires, with the
 * rule and a button that opens the line (by index: the extension keeps the list), or "nothing here".
 * Undefined `here` means the server could not be asked.
 */
export function inWorkspaceHtml(here: InWorkspace | undefined): string {
  const e = escapeHtml;
  if (!here) return '<p class="muted">The language server did not answer: where this could happen here is unknown.</p>';
  const checked = here.scope === 'workspace' ? 'this workspace\'s YAML files' : 'the open files';
  const checkButton = here.scope === 'openFiles'
    ? '<p><button type="button" class="secondary" data-check-workspace>Check Workspace</button> to look at every YAML file, not only the open ones.</p>'
    : '';
  const checking = here.checking ? ' <span class="muted">(the workspace check is still going)</span>' : '';
  if (here.objects.length === 0) return `<p class="nothing-here">Nothing here: no rule citing this story fires in ${checked}.${checking}</p>${checkButton}`;
  const items = here.objects.map((object, index) => {
    const rules = object.findings.map((finding) => `<code>${e(finding.ruleId)}</code> <span class="relation relation-${e(finding.relation)}">${e(finding.relation)}</span>`);
    return `<li><button type="button" class="link" data-object="${index}" title="Open ${e(object.location)}">${e(object.label)}</button> <span class="location">${e(object.location)}</span> ${[...new Set(rules)].join(' ')}</li>`;
  }).join('');
  const more = here.total > here.objects.length ? `<p class="muted">and ${here.total - here.objects.length} more, not listed.</p>` : '';
  const count = `${here.total} ${here.total === 1 ? 'object' : 'objects'}`;
  return `<p>The rules citing this story fire on ${count} in ${checked}:${checking}</p><ul class="here">${items}</ul>${more}${checkButton}`;
}

/** HTML-escapes catalogue text (and attribute values): nothing from the catalogue is ever markup. */
export function escapeHtml(text: string | number): string {
  return String(text).replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** Rule texts use Markdown code spans (`ndots:5`): after escaping, those become <code>, nothing else. */
function withCode(escaped: string): string {
  return escaped.replace(/`([^`]+)`/g, '<code>$1</code>');
}

/**
 * The story view's document. Strict CSP: nothing but our stylesheet and our nonce'd script load,
 * no remote content; links out go through a message to the extension (which opens only http(s)).
 */
export function storyHtml(story: NonNullable<GetStoryResult>, categoryTitles: ReadonlyMap<string, string>, resources: WebviewResources, here?: InWorkspace): string {
  const e = escapeHtml;
  const csp = [
    "default-src 'none'",
    `style-src ${resources.cspSource}`,
    `script-src 'nonce-${resources.nonce}'`,
    `img-src ${resources.cspSource}`,
  ].join('; ');
  const paragraphs = story.summary.split(/\n\s*\n/).map((p) => `<p>${e(p.trim())}</p>`).join('\n');
  const lessons = story.lessons.length > 0
    ? `<ul class="lessons">${story.lessons.map((lesson) => `<li>${e(lesson)}</li>`).join('')}</ul>`
    : '<p class="muted">No lessons recorded.</p>';
  const chips = (items: readonly string[]) => (items.length > 0
    ? `<ul class="chips">${items.map((item) => `<li>${e(item)}</li>`).join('')}</ul>`
    : '<span class="muted">none listed</span>');
  const evidence = story.evidence === 'read'
    ? 'The postmortem was read; the summary and lessons are ours.'
    : 'Summary from the list entry; the postmortem was not read.';
  const rules = story.rules.length > 0
    ? `<ul class="rules">${story.rules.map((rule) => `<li><span class="relation relation-${e(rule.relation)}">${e(RELATION_TEXT[rule.relation] ?? rule.relation)}</span> <button type="button" class="link" data-rule="${e(rule.id)}" title="Show the docs of ${e(rule.id)}">${e(rule.title)}</button> <code>${e(rule.id)}</code><div class="note">${withCode(e(rule.note))}</div><div class="muted">${withCode(e(rule.why))}</div></li>`).join('')}</ul>`
    : '<p class="muted">No rule cites this story yet.</p>';
  const isWeb = /^https?:\/\//i.test(story.url);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${e(resources.styleUri)}">
<title>${e(story.title)}</title>
</head>
<body data-story="${e(story.id)}">
<header>
  <h1>${e(story.title)}</h1>
  <p class="byline">${e(story.organization)} · ${e(story.year)} · ${e(story.kind)}</p>
  <span class="impact impact-${e(story.impactLevel)}">${e(IMPACT_TEXT[story.impactLevel] ?? story.impactLevel)}</span>
</header>
<main>
<dl class="facts">
  <dt>Organization</dt><dd>${e(story.organization)}</dd>
  <dt>Year</dt><dd>${e(story.year)}</dd>
  <dt>Kind</dt><dd>${e(story.kind)}</dd>
  <dt>Impact level</dt><dd>${e(story.impactLevel)}</dd>
  <dt>Impact</dt><dd>${e(story.impact)}</dd>
  <dt>Categories</dt><dd>${chips(story.categories.map((id) => categoryTitles.get(id) ?? id))}</dd>
  <dt>Involved</dt><dd>${chips(story.involved)}</dd>
</dl>
<section><h2>Summary</h2>${paragraphs}</section>
<section><h2>Lessons</h2>${lessons}</section>
<section><h2>Evidence</h2><p class="evidence evidence-${e(story.evidence)}">${e(evidence)}</p></section>
<section><h2>Rules that cite this story</h2>${rules}</section>
<section><h2>In this workspace</h2><div id="in-workspace">${inWorkspaceHtml(here)}</div></section>
</main>
<footer>
  ${isWeb ? '<button type="button" id="open-postmortem" class="primary">Open the original postmortem</button>' : ''}
  <button type="button" id="copy-link" class="secondary">Copy link</button>
  <p class="url">${e(story.url)}</p>
</footer>
<script nonce="${e(resources.nonce)}" src="${e(resources.scriptUri)}"></script>
</body>
</html>`;
}
