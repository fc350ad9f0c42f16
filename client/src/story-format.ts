import * as vscode from 'vscode';
import type { ImpactLevel } from '../../server/src/catalogue/story';
import type { Relation, Severity, StorySummary } from '../../server/src/protocol';

/** How a story's impact level reads and looks, the same in every view. */
export const IMPACT_LABEL: Record<ImpactLevel, string> = {
  production: 'Production',
  'non-production': 'Non-production',
  trivial: 'Trivial',
};

export const IMPACT_ORDER: readonly ImpactLevel[] = ['production', 'non-production', 'trivial'];

export function impactIcon(level: ImpactLevel): vscode.ThemeIcon {
  switch (level) {
    case 'production': return new vscode.ThemeIcon('flame', new vscode.ThemeColor('problemsErrorIcon.foreground'));
    case 'non-production': return new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
    case 'trivial': return new vscode.ThemeIcon('info', new vscode.ThemeColor('problemsInfoIcon.foreground'));
  }
}

/** "Organization · year", the description of a story everywhere. */
export function storyByline(story: Pick<StorySummary, 'organization' | 'year'>): string {
  return `${story.organization} · ${story.year}`;
}

export function storyTooltip(story: StorySummary): vscode.MarkdownString {
  // appendText escapes: catalogue text is never interpreted as Markdown.
  return new vscode.MarkdownString()
    .appendText(story.title).appendMarkdown('\n\n')
    .appendText(`${storyByline(story)} · ${IMPACT_LABEL[story.impactLevel]} impact`).appendMarkdown('\n\n')
    .appendText(`Impact: ${story.impact}`);
}

/** Only http(s) postmortem links are ever opened. */
export function safeExternalUri(url: string): vscode.Uri | undefined {
  return /^https?:\/\/\S+$/i.test(url) ? vscode.Uri.parse(url, true) : undefined;
}

/** How strongly a story backs a rule, as an icon: named as a cause, as the fix, or related. */
export const RELATION_ICON: Record<Relation, string> = { cause: 'flame', fix: 'pass', related: 'link' };

export const DIAGNOSTIC_SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error, warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information, hint: vscode.DiagnosticSeverity.Hint,
};

export function severityIcon(severity: vscode.DiagnosticSeverity): vscode.ThemeIcon {
  switch (severity) {
    case vscode.DiagnosticSeverity.Error: return new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground'));
    case vscode.DiagnosticSeverity.Warning: return new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
    case vscode.DiagnosticSeverity.Information: return new vscode.ThemeIcon('info', new vscode.ThemeColor('problemsInfoIcon.foreground'));
    default: return new vscode.ThemeIcon('lightbulb');
  }
}
