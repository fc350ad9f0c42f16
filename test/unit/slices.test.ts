import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inForeground, runSliced } from '../../server/src/lsp/slices';

/** Sliced work: background work (the workspace index, closed files) gives way to what an editor waits for. */
function* slices(events: string[], name: string, count: number): Generator<void, string, void> {
  for (let i = 0; i < count; i++) {
    // Longer than a slice: each step ends one.
    const end = Date.now() + 15;
    while (Date.now() < end);
    events.push(`${name} ${i}`);
    yield;
  }
  return `${name} done`;
}

describe('sliced work', () => {
  it('in the background waits between its slices while foreground work runs', async () => {
    const events: string[] = [];
    let release!: () => void;
    const foreground = inForeground(() => new Promise<void>((resolve) => (release = resolve)));
    const background = runSliced(slices(events, 'index', 3), () => true, 'background');
    await new Promise((resolve) => setTimeout(resolve, 50));
    events.push('foreground over');
    release();
    await foreground;
    assert.equal(await background, 'index done');
    assert.deepEqual(events, ['index 0', 'foreground over', 'index 1', 'index 2']);
  });

  it('in the foreground does not wait for other foreground work', async () => {
    const events: string[] = [];
    let release!: () => void;
    const other = inForeground(() => new Promise<void>((resolve) => (release = resolve)));
    assert.equal(await runSliced(slices(events, 'analysis', 3), () => true), 'analysis done');
    release();
    await other;
    assert.deepEqual(events, ['analysis 0', 'analysis 1', 'analysis 2']);
  });
});
