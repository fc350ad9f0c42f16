'use strict';
// Entry point for --extensionTestsPath: VS Code requires this module inside the extension host and awaits
// run(). Resolve = pass, reject = fail. Used by both test/editor/run.mjs (code-server) and
// test/editor/electron.mjs (@vscode/test-electron).
//
// Env (reaches the extension host through the server's / VS Code's environment):
//   K8SFS_EDITOR_GREP     only run tests whose full title matches this regexp
//   K8SFS_EDITOR_WAIT_MS  how long a single wait for diagnostics may take (default 30000)
const fs = require('fs');
const path = require('path');
const util = require('util');
const Mocha = require('mocha');

// Reporters print through Base.consoleLog(format, ...args). The extension host forwards console.log
// arguments without printf-style formatting, so format here.
Mocha.reporters.Base.consoleLog = (...args) => console.log(util.format(...args));

function run() {
  const mocha = new Mocha({
    ui: 'tdd',
    // Extension-host stdout is not forwarded everywhere; the spec reporter prints with console.log, which is.
    reporter: 'spec',
    color: false,
    timeout: Number(process.env.K8SFS_EDITOR_TEST_TIMEOUT_MS || 60000),
    slow: 5000,
  });
  if (process.env.K8SFS_EDITOR_GREP) mocha.grep(new RegExp(process.env.K8SFS_EDITOR_GREP));
  const files = fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort();
  for (const f of files) mocha.addFile(path.join(__dirname, f));
  return new Promise((resolve, reject) => {
    try {
      mocha.run((failures) => {
        if (failures > 0) reject(new Error(`${failures} extension API test(s) failed`));
        else resolve();
      });
    } catch (e) {
      reject(e);
    }
  });
}

module.exports = { run };
