// The story view's only script (loaded with the page's nonce). It never opens anything itself:
// it posts a message and the extension decides (only http(s) postmortems, only this story's rules,
// only the objects it listed).
(function () {
  const vscode = acquireVsCodeApi();
  const post = (message) => vscode.postMessage(message);
  // One listener for the whole page: the "In this workspace" section is replaced while the view is open.
  document.addEventListener('click', (event) => {
    const button = event.target instanceof Element ? event.target.closest('button') : null;
    if (!button) return;
    if (button.id === 'open-postmortem') post({ type: 'openPostmortem' });
    else if (button.id === 'copy-link') post({ type: 'copyLink' });
    else if (button.hasAttribute('data-rule')) post({ type: 'showRuleDocs', ruleId: button.getAttribute('data-rule') });
    else if (button.hasAttribute('data-object')) post({ type: 'openObject', index: Number(button.getAttribute('data-object')) });
    else if (button.hasAttribute('data-check-workspace')) post({ type: 'checkWorkspace' });
  });
  // The extension sends the section anew when the workspace's findings change; it escaped every user string.
  window.addEventListener('message', (event) => {
    const message = event.data;
    const section = document.getElementById('in-workspace');
    if (section && message && message.type === 'inWorkspace' && typeof message.html === 'string') section.innerHTML = message.html;
  });
})();
