'use strict';
// Quick fixes, through vscode.executeCodeActionProvider as the lightbulb gets them.
// Note: the command's results do not carry CodeAction.diagnostics (VS Code drops them when converting), so
// a fix is matched to its finding by its effect: applying it must make a finding go away.
const assert = require('assert');
const vscode = require('vscode');
const h = require('./helpers');

const isSuppression = (a) => /\b(suppress|disable|ignore)\b/i.test(a.title);

async function actionsAt(doc, range) {
  const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', doc.uri, range,
    vscode.CodeActionKind.QuickFix.value) || [];
  return actions.filter((a) => a.title && (a.edit || a.command));
}

async function apply(action) {
  if (action.edit) assert.ok(await vscode.workspace.applyEdit(action.edit), `applyEdit failed for "${action.title}"`);
  // A CodeAction's command runs after its edit; a bare Command is { title, command, arguments }.
  const cmd = action.command && typeof action.command === 'object' ? action.command : action;
  if (typeof cmd.command === 'string') await vscode.commands.executeCommand(cmd.command, ...(cmd.arguments || []));
}

/** { ruleId: count } of the current findings. */
function counts(diags) {
  const c = {};
  for (const d of diags) c[h.ruleOf(d)] = (c[h.ruleOf(d)] || 0) + 1;
  return c;
}

suite('code actions', () => {
  let doc;
  let baseline;
  setup(async () => {
    doc = await h.openFixture('manifests/fixable.yaml');
    baseline = await h.waitForRules(doc.uri, ['requests-missing']);
  });
  async function revert() {
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    const want = JSON.stringify(counts(baseline));
    await h.waitForDiagnostics(doc.uri, (d) => JSON.stringify(counts(d)) === want, 'the original findings after revert');
  }
  teardown(revert);

  test('every offered (non-suppression) quick fix removes the finding it is offered for', async () => {
    const fixes = new Map();
    for (const d of baseline) {
      for (const a of await actionsAt(doc, d.range)) {
        if (!isSuppression(a) && !fixes.has(a.title)) fixes.set(a.title, d.range);
      }
    }
    assert.ok(fixes.size > 0, 'no non-suppression quick fix offered for any finding in fixable.yaml');
    for (const [title, range] of fixes) {
      const action = (await actionsAt(doc, range)).find((a) => a.title === title);
      assert.ok(action, `"${title}" is no longer offered at ${range.start.line + 1}:${range.start.character + 1}`);
      const before = counts(h.ours(doc.uri));
      const text = doc.getText();
      await apply(action);
      assert.notStrictEqual(doc.getText(), text, `"${title}" did not change the document`);
      const after = counts(await h.waitForDiagnostics(doc.uri, (d) => {
        const c = counts(d);
        return Object.keys(before).some((r) => (c[r] || 0) < before[r]);
      }, `a finding to disappear after "${title}"`));
      const added = Object.keys(after).filter((r) => (after[r] || 0) > (before[r] || 0));
      assert.deepStrictEqual(added, [], `"${title}" introduced new findings`);
      console.log(`      fixed by "${title}": ${Object.keys(before).filter((r) => (after[r] || 0) < before[r]).join(', ')}`);
      await revert();
    }
  });

  test('the requests-missing quick fix adds cpu and memory requests and removes the finding', async () => {
    const diag = h.ours(doc.uri).find((x) => h.ruleOf(x) === 'requests-missing');
    const actions = await actionsAt(doc, diag.range);
    const fix = actions.find((a) => /^Add cpu and memory requests\b/.test(a.title));
    assert.ok(fix, `no "Add cpu and memory requests" quick fix at requests-missing; offered: ${JSON.stringify(actions.map((a) => a.title))}`);
    assert.ok(fix.kind && vscode.CodeActionKind.QuickFix.contains(fix.kind), `kind ${fix.kind && fix.kind.value} is not a quick fix`);
    const before = counts(h.ours(doc.uri));
    await apply(fix);
    assert.match(doc.getText(), /resources:\s*\n\s*requests:\s*\n\s*cpu:\s*\S+\s*\n\s*memory:\s*\S+/,
      `the fix did not add resources.requests.cpu and .memory:\n${doc.getText()}`);
    const after = counts(await h.waitForDiagnostics(doc.uri, (d) => !d.some((x) => h.ruleOf(x) === 'requests-missing'),
      `requests-missing to disappear after "${fix.title}"`));
    const added = Object.keys(after).filter((r) => (after[r] || 0) > (before[r] || 0));
    assert.deepStrictEqual(added, [], `"${fix.title}" introduced new findings`);
  });

  test('the "suppress on this line" quick fix inserts a suppression comment and removes only that rule', async () => {
    const diag = h.ours(doc.uri).find((x) => h.ruleOf(x) === 'requests-missing');
    const actions = await actionsAt(doc, diag.range);
    const fix = actions.find((a) => isSuppression(a) && a.title.includes('requests-missing'));
    assert.ok(fix, `no suppression quick fix for requests-missing; offered: ${JSON.stringify(actions.map((a) => a.title))}`);
    const before = counts(h.ours(doc.uri));
    await apply(fix);
    assert.match(doc.getText(), /#\s*k8s-failure-stories-disable-next-line\s+requests-missing\b/);
    const after = counts(await h.waitForDiagnostics(doc.uri, (d) => !d.some((x) => h.ruleOf(x) === 'requests-missing'),
      `requests-missing to disappear after "${fix.title}"`));
    for (const r of Object.keys(before)) {
      if (r !== 'requests-missing') assert.strictEqual(after[r], before[r], `suppressing requests-missing also changed ${r}`);
    }
  });
});
