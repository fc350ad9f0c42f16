'use strict';
const assert = require('assert');
const vscode = require('vscode');
const h = require('./helpers');

suite('hover', () => {
  test('hover on a flagged image shows a card with the rule and linked stories', async () => {
    const doc = await h.openFixture('manifests/deployment.yaml');
    await h.waitForRules(doc.uri, ['image-tag-latest']);
    const r = h.rangeOf(doc, 'nginx:latest');
    const md = await h.hoverMarkdown(doc.uri, r.start.translate(0, 3));
    assert.ok(md.trim(), 'no hover on the flagged image value');
    // A title line: a heading or bold text.
    assert.match(md, /(^|\n)\s*(#{1,4} \S|\*\*[^*\n]+\*\*)/, `no title in hover:\n${md}`);
    // At least one markdown link to a catalogue story, with that story's title as the link text.
    const stories = h.catalogue().stories;
    const linked = stories.filter((s) => md.includes(`](${s.url})`) || md.includes(`](<${s.url}>)`));
    assert.ok(linked.length >= 1, `hover links no story from data/stories.json:\n${md}`);
    const plain = h.unescapeMd(md);
    assert.ok(linked.some((s) => plain.includes(s.title)), `no linked story's title appears in the hover:\n${md}`);
  });

  test('the card groups the stories by relation, strongest first, each with our note under it', async () => {
    const doc = await h.openFixture('manifests/deployment.yaml');
    await h.waitForRules(doc.uri, ['image-tag-latest']);
    const plain = h.unescapeMd(await h.hoverMarkdown(doc.uri, h.rangeOf(doc, 'nginx:latest').start.translate(0, 3)));
    const rule = (await (await h.extensionApi()).listRules()).find((r) => r.id === 'image-tag-latest');
    assert.ok(rule && rule.citations.length > 0, 'the server lists image-tag-latest with its citations');
    const HEADING = { cause: /\*\*Caused outages at [^*\n]+\*\*/, fix: /\*\*Fixed by this at [^*\n]+\*\*/, related: /\*\*Related\*\*/ };
    const relations = [...new Set(rule.citations.map((c) => c.relation))];
    const at = relations.map((relation) => {
      const match = HEADING[relation].exec(plain);
      assert.ok(match, `no "${relation}" heading in the card:\n${plain}`);
      return match.index;
    });
    assert.deepStrictEqual(at, [...at].sort((a, b) => a - b), `relation headings out of order (${relations.join(', ')}):\n${plain}`);
    for (const other of Object.keys(HEADING).filter((r) => !relations.includes(r))) {
      assert.ok(!HEADING[other].test(plain), `a "${other}" heading without such a story:\n${plain}`);
    }
    // Each story's note follows it, under its relation's heading.
    for (const citation of rule.citations) {
      const story = h.catalogue().stories.find((s) => s.id === citation.story);
      const storyAt = plain.indexOf(story.title, at[relations.indexOf(citation.relation)]);
      assert.ok(storyAt > 0, `${story.id} is not under its "${citation.relation}" heading:\n${plain}`);
      assert.ok(plain.indexOf(citation.note, storyAt) > storyAt, `the note of ${story.id} does not follow it:\n${plain}`);
    }
    const uncited = !rule.citations.some((c) => c.relation !== 'related');
    assert.strictEqual(plain.includes('No public postmortem names this setting as a cause yet; related: '), uncited, plain);
  });

  test('hover on a node without findings adds no story card', async () => {
    const doc = await h.openFixture('manifests/deployment.yaml');
    const diags = await h.waitForRules(doc.uri, ['image-tag-latest']);
    const pos = h.rangeOf(doc, 'containerPort: 80').end.translate(0, -1);
    const covering = diags.filter((d) => d.range.contains(pos));
    assert.deepStrictEqual(h.describe(covering), '(none)', 'fixture precondition: containerPort is not flagged');
    const md = await h.hoverMarkdown(doc.uri, pos);
    const urls = h.catalogue().stories.map((s) => s.url);
    assert.ok(!urls.some((u) => md.includes(u)), `unexpected story card on a clean node:\n${md}`);
  });

  test('user text in the hover is escaped (no injected links or HTML)', async () => {
    const doc = await h.openFixture('manifests/escape.yaml');
    await h.waitForRules(doc.uri, ['requests-missing', 'image-tag-latest']);
    const evil = 'pwn*[click me](https://evil.example/x)*<img src=x onerror=alert(1)>';
    const name = h.rangeOf(doc, evil);
    for (const pos of [name.start.translate(0, 5), h.rangeOf(doc, 'nginx:latest').start.translate(0, 2)]) {
      const md = await h.hoverMarkdown(doc.uri, pos);
      assert.ok(md.trim(), `no hover at ${pos.line + 1}:${pos.character + 1}`);
      const outsideCode = h.stripLiteral(md);
      assert.ok(!/\]\(https:\/\/evil\.example/.test(outsideCode), `user text became a link:\n${md}`);
      assert.ok(!/<img\b/i.test(outsideCode), `user text became HTML:\n${md}`);
    }
    const hovers = await vscode.commands.executeCommand('vscode.executeHoverProvider', doc.uri, name.start.translate(0, 5));
    for (const hv of hovers) {
      for (const c of hv.contents) {
        if (c instanceof vscode.MarkdownString) assert.ok(!c.supportHtml, 'hover markdown should not enable HTML');
      }
    }
  });
});
