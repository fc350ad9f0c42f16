'use strict';
// Helpers for the extension API suite. Runs inside the VS Code extension host (code-server's remote Node
// extension host via test/editor/run.mjs, or desktop VS Code via test/editor/electron.mjs).
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const vscode = require('vscode');

const EXTENSION_ID = 'k8s-failure-stories.k8s-failure-stories';
const SOURCE = 'k8s-failure-stories';
const DEFAULT_TIMEOUT_MS = Number(process.env.K8SFS_EDITOR_WAIT_MS || 30000);
const QUIET_MS = Number(process.env.K8SFS_EDITOR_QUIET_MS || 10000);

function workspaceRoot() {
  const f = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
  assert.ok(f, 'the tests need the fixture workspace (test/editor/workspace) opened as a folder');
  return f.uri;
}

function fixtureUri(rel) {
  return vscode.Uri.joinPath(workspaceRoot(), ...rel.split('/'));
}

/** Rule id of a diagnostic: `code` is `{ value: <rule id>, target: <story url> }` (or a bare string). */
function ruleOf(d) {
  return d.code && typeof d.code === 'object' ? String(d.code.value) : d.code === undefined ? undefined : String(d.code);
}

/** Our diagnostics (source k8s-failure-stories) for a document. */
function ours(uri) {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

const SEVERITY = ['Error', 'Warning', 'Information', 'Hint'];
function describe(diags) {
  if (!diags.length) return '(none)';
  return diags.map((d) => `${ruleOf(d)}@${d.range.start.line + 1}:${d.range.start.character + 1}` +
    `[${SEVERITY[d.severity]}]`).join(', ');
}

/**
 * Resolve when `predicate(ourDiagnostics)` holds for `uri`. Checks now, then on every
 * onDidChangeDiagnostics event for that uri; no polling, no fixed sleeps on the way to success.
 * Fails after `timeoutMs`, or sooner when the file has findings and the server has then stayed quiet
 * about it for QUIET_MS: its answer is in and it is not the expected one. (A broken build then costs
 * QUIET_MS per test rather than the whole timeout, so a run with many failures still reports them all
 * within the suite timeout.)
 */
function waitForDiagnostics(uri, predicate, what, timeoutMs = DEFAULT_TIMEOUT_MS) {
  return new Promise((resolve, reject) => {
    let sub;
    let timer;
    let quiet;
    const started = Date.now();
    const finish = (fn, v) => { if (sub) sub.dispose(); clearTimeout(timer); clearTimeout(quiet); fn(v); };
    const fail = (why) => finish(reject, new Error(
      `${why} waiting for ${what} in ${path.basename(uri.path)}; current diagnostics: ${describe(ours(uri))}`));
    const armQuiet = () => {
      clearTimeout(quiet);
      if (!ours(uri).length) return; // nothing published yet (or a clean file): only the timeout applies
      quiet = setTimeout(() => fail(`no new diagnostics for ${QUIET_MS} ms (after ${Date.now() - started} ms)`), QUIET_MS);
    };
    const check = () => {
      const d = ours(uri);
      let ok = false;
      try { ok = predicate(d); } catch (e) { finish(reject, e); return true; }
      if (ok) finish(resolve, d);
      return ok;
    };
    if (check()) return;
    sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString()) && !check()) armQuiet();
    });
    timer = setTimeout(() => fail(`timed out after ${timeoutMs} ms`), timeoutMs);
    armQuiet();
  });
}

/** Wait until diagnostics for `uri` include every rule id in `rules`. */
function waitForRules(uri, rules, timeoutMs) {
  return waitForDiagnostics(uri, (d) => rules.every((r) => d.some((x) => ruleOf(x) === r)),
    `findings ${rules.join(', ')}`, timeoutMs);
}

async function openFixture(rel, { show = true } = {}) {
  const uri = fixtureUri(rel);
  const doc = await vscode.workspace.openTextDocument(uri);
  if (show) await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
}

/** Range of the `nth` occurrence (0-based) of `needle` in the document. */
function rangeOf(doc, needle, nth = 0) {
  const text = doc.getText();
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    assert.ok(at >= 0, `fixture ${path.basename(doc.uri.path)} has no occurrence #${nth} of ${JSON.stringify(needle)}`);
  }
  return new vscode.Range(doc.positionAt(at), doc.positionAt(at + needle.length));
}

/** The extension, activated (opening a YAML file triggers onLanguage:yaml). */
async function activeExtension() {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not installed/loaded`);
  if (!ext.isActive) await ext.activate();
  return ext;
}

/** Hover markdown at a position, all providers joined. */
async function hoverMarkdown(uri, position) {
  const hovers = await vscode.commands.executeCommand('vscode.executeHoverProvider', uri, position);
  return (hovers || []).flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n\n');
}

let catalogueCache;
/**
 * The repo's story catalogue, data/stories.json ({ categories: [{ id, title }], stories: [{ id, title, url, ... }] }):
 * the expectations of the tests. The .vsix does not ship it (the server bundles it), so it is read from the
 * repo: $K8SFS_EDITOR_REPO (set by run.mjs and electron.mjs), else relative to this file.
 */
function catalogue() {
  if (catalogueCache) return catalogueCache;
  const candidates = [];
  if (process.env.K8SFS_EDITOR_REPO) candidates.push(path.join(process.env.K8SFS_EDITOR_REPO, 'data', 'stories.json'));
  candidates.push(path.resolve(__dirname, '..', '..', '..', 'data', 'stories.json'));
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (ext) candidates.push(path.join(ext.extensionPath, 'data', 'stories.json'));
  for (const p of candidates) {
    if (fs.existsSync(p)) return (catalogueCache = JSON.parse(fs.readFileSync(p, 'utf8')));
  }
  throw new Error(`stories.json not found in ${candidates.join(', ')}`);
}

/** The test API that the extension's activate() resolves to (documented at the top of client/src/extension.ts). */
async function extensionApi() {
  const ext = await activeExtension();
  const api = ext.exports;
  assert.ok(api && api.catalogueTree && api.thisFileTree && api.storyPanel && typeof api.searchStories === 'function',
    `activate() did not return the test API (catalogueTree, thisFileTree, storyPanel, searchStories): ${Object.keys(api || {})}`);
  return api;
}

/**
 * A rule's default severity as a vscode.DiagnosticSeverity, as the server reports it: the severity
 * the rule asks for, capped at information while no postmortem names its setting as a cause or fix.
 */
async function defaultSeverity(ruleId) {
  const rules = await (await extensionApi()).listRules();
  const rule = rules.find((r) => r.id === ruleId);
  assert.ok(rule, `the server lists no rule ${ruleId}`);
  return { error: vscode.DiagnosticSeverity.Error, warning: vscode.DiagnosticSeverity.Warning,
    information: vscode.DiagnosticSeverity.Information, hint: vscode.DiagnosticSeverity.Hint }[rule.severity];
}

/** Counts per rule id: { ruleId: n }. */
function countByRule(diags) {
  const c = {};
  for (const d of diags) c[ruleOf(d)] = (c[ruleOf(d)] || 0) + 1;
  return c;
}

/** Sorted copy, for order-insensitive deepStrictEqual. */
const sorted = (xs) => [...xs].sort();

/** HTML escaping as the story view does it (client/src/story-html.ts escapeHtml). */
function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/**
 * Resolve when `fn()` returns a truthy value; re-checks on each of `events` (vscode.Event) and, as a
 * backstop for state that has no event, every `pollMs`. Rejects after `timeoutMs` (`what`: a string, or a function
 * called then, for a message showing the state at that time).
 */
function until(fn, what, { events = [], pollMs = 50, timeoutMs = DEFAULT_TIMEOUT_MS } = {}) {
  return new Promise((resolve, reject) => {
    const subs = [];
    let timer, poll, done = false;
    const finish = (f, v) => {
      if (done) return;
      done = true;
      subs.forEach((s) => s.dispose());
      clearTimeout(timer);
      clearInterval(poll);
      f(v);
    };
    const check = async () => {
      try {
        const v = await fn();
        if (v) finish(resolve, v);
      } catch (e) { finish(reject, e); }
    };
    for (const ev of events) subs.push(ev(() => { void check(); }));
    poll = setInterval(() => { void check(); }, pollMs);
    timer = setTimeout(() => finish(reject, new Error(
      `timed out after ${timeoutMs} ms waiting for ${typeof what === 'function' ? what() : what}`)), timeoutMs);
    void check();
  });
}

/**
 * What of the Markdown source can still become markup: backslash escapes (`\<`, `\[`) and code spans /
 * fenced blocks are rendered literally, so they are removed.
 */
function stripLiteral(md) {
  return md.replace(/\\[\\`*_{}[\]()#+\-.!|<>~:&"']/g, '').replace(/```[\s\S]*?```/g, '').replace(/(`+)[\s\S]*?\1/g, '');
}

/** Markdown source with backslash escapes undone, for comparing against plain text. */
function unescapeMd(md) {
  return md.replace(/\\([\\`*_{}[\]()#+\-.!|<>~:&"'])/g, '$1').replace(/&lt;/g, '<').replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

async function setRules(rules) {
  await vscode.workspace.getConfiguration('k8sFailureStories')
    .update('rules', rules, vscode.ConfigurationTarget.Workspace);
}

module.exports = {
  EXTENSION_ID, SOURCE, DEFAULT_TIMEOUT_MS, activeExtension, catalogue, countByRule, defaultSeverity, describe, escapeHtml,
  extensionApi, fixtureUri, hoverMarkdown, openFixture, ours, rangeOf, ruleOf, setRules, sorted, stripLiteral,
  unescapeMd, until, waitForDiagnostics, waitForRules, workspaceRoot,
};
