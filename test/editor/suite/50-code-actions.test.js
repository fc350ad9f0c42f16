'use strict';
// Quick fixes, through vscode.executeCodeActionProvider as the lightbulb gets them.
// Note: the command's results do not carry CodeAction.diagnostics (VS Code drops them when converting), so
// a fix is matched to its finding by its effect: applying it must make a finding go away.
// Tests skip with "PENDING" when the extension offers no quick fix of that kind yet.
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

  test('every offered (non-suppression) quick fix removes the finding it is offered for', async function () {
    const fixes = new Map();
    for (const d of baseline) {
      for (const a of await actionsAt(doc, d.range)) {
        if (!isSuppression(a) && !fixes.has(a.title)) fixes.set(a.title, d.range);
      }
    }
    if (!fixes.size) {
      console.log('    PENDING: no non-suppression quick fix offered for any finding in fixable.yaml');
      this.skip();
    }
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

  test('a quick fix for requests-missing removes the finding [PENDING: no fix for this rule yet]', async function () {
    const diag = h.ours(doc.uri).find((x) => h.ruleOf(x) === 'requests-missing');
    const candidates = (await actionsAt(doc, diag.range)).filter((a) => !isSuppression(a));
    // Try each non-suppression fix at the finding's range; one of them must resolve requests-missing.
    for (const a of candidates) {
      const before = JSON.stringify(counts(h.ours(doc.uri)));
      await apply(a);
      // Every fix changes the findings (previous test); once they changed, look at requests-missing.
      const d = await h.waitForDiagnostics(doc.uri, (ds) => JSON.stringify(counts(ds)) !== before,
        `findings to change after "${a.title}"`);
      if (!d.some((x) => h.ruleOf(x) === 'requests-missing')) return;
      await revert();
    }
    console.log(`    PENDING: none of the quick fixes at requests-missing resolves it: ${JSON.stringify(candidates.map((a) => a.title))}`);
    this.skip();
  });

  test('the "suppress on this line" quick fix inserts a suppression comment and removes only that rule', async function () {
    const diag = h.ours(doc.uri).find((x) => h.ruleOf(x) === 'requests-missing');
    const actions = await actionsAt(doc, diag.range);
    const fix = actions.find((a) => isSuppression(a) && a.title.includes('requests-missing'));
    if (!fix) {
      console.log(`    PENDING: no suppression quick fix for requests-missing; offered: ${JSON.stringify(actions.map((a) => a.title))}`);
      this.skip();
    }
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
