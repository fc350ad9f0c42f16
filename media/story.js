// The story view's only script (loaded with the page's nonce). It never opens anything itself:
// it posts a message and the extension decides (only http(s) postmortems, only this story's rules).
(function () {
  const vscode = acquireVsCodeApi();
  const post = (message) => vscode.postMessage(message);
  document.getElementById('open-postmortem')?.addEventListener('click', () => post({ type: 'openPostmortem' }));
  document.getElementById('copy-link')?.addEventListener('click', () => post({ type: 'copyLink' }));
  for (const button of document.querySelectorAll('button[data-rule]')) {
    button.addEventListener('click', () => post({ type: 'showRuleDocs', ruleId: button.getAttribute('data-rule') }));
  }
})();
