/** `npm run docs`: writes docs/rules/ and README's rules table from the rules, their fixtures and the catalogue. */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalogue } from '../server/src/catalogue/catalogue';
import { RULE_DOCS_DIR, renderAllRuleDocs, renderReadme } from './rule-docs';

const files = renderAllRuleDocs(catalogue());
mkdirSync(RULE_DOCS_DIR, { recursive: true });
// Docs of rules that no longer exist go away with them.
for (const name of readdirSync(RULE_DOCS_DIR)) if (!files.has(join(RULE_DOCS_DIR, name))) rmSync(join(RULE_DOCS_DIR, name));
for (const [path, content] of files) writeFileSync(path, content);
writeFileSync('README.md', renderReadme(readFileSync('README.md', 'utf8'), catalogue()));
console.log(`wrote ${files.size} files to ${RULE_DOCS_DIR} and the rules table of README.md`);
