// A memfs: FileSystemProvider for the web stage (test/editor/web.mjs): the workspace folder memfs:/repo,
// seeded with manifests whose findings depend on each other, so the extension's index must read it
// through vscode.workspace.fs. Files are kept in memory; edits and new files work, nothing persists.
const vscode = require('vscode');

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: web
          image: nginx:latest
`;
/** The Service selects the Deployment's pods from another file: prestop-hook-missing on the Deployment needs the index. */
const SEED = {
  'app/deployment.yaml': DEPLOYMENT,
  'app/service.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: { app: web }\n  ports: [{ port: 80 }]\n',
  'chart/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 1.0.0\n',
  'chart/templates/deployment.yaml': DEPLOYMENT,
};

class MemFs {
  constructor() {
    this.files = new Map(Object.entries(SEED).map(([path, text]) => [`/repo/${path}`, new TextEncoder().encode(text)]));
    this.changes = new vscode.EventEmitter();
    this.onDidChangeFile = this.changes.event;
  }

  isFolder(path) {
    return path === '/' || path === '/repo' || [...this.files.keys()].some((file) => file.startsWith(`${path}/`));
  }

  stat(uri) {
    const file = this.files.get(uri.path);
    if (file) return { type: vscode.FileType.File, ctime: 0, mtime: 0, size: file.length };
    if (this.isFolder(uri.path)) return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };
    throw vscode.FileSystemError.FileNotFound(uri);
  }

  readDirectory(uri) {
    if (!this.isFolder(uri.path)) throw vscode.FileSystemError.FileNotFound(uri);
    const prefix = uri.path === '/' ? '/' : `${uri.path}/`;
    const entries = new Map();
    for (const file of [...this.files.keys(), '/repo/']) {
      if (!file.startsWith(prefix) || file === prefix) continue;
      const rest = file.slice(prefix.length);
      entries.set(rest.split('/')[0], rest.includes('/') ? vscode.FileType.Directory : vscode.FileType.File);
    }
    return [...entries];
  }

  readFile(uri) {
    const file = this.files.get(uri.path);
    if (!file) throw vscode.FileSystemError.FileNotFound(uri);
    return file;
  }

  writeFile(uri, content) {
    const created = !this.files.has(uri.path);
    this.files.set(uri.path, content);
    this.changes.fire([{ type: created ? vscode.FileChangeType.Created : vscode.FileChangeType.Changed, uri }]);
  }

  watch() {
    return new vscode.Disposable(() => undefined);
  }

  createDirectory() {}

  delete(uri) {
    this.files.delete(uri.path);
    this.changes.fire([{ type: vscode.FileChangeType.Deleted, uri }]);
  }

  rename(from, to) {
    this.files.set(to.path, this.readFile(from));
    this.files.delete(from.path);
  }
}

exports.activate = (context) => {
  context.subscriptions.push(vscode.workspace.registerFileSystemProvider('memfs', new MemFs(), { isCaseSensitive: true }));
};
