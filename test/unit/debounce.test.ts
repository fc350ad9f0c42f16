import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { Debouncer, MAX_DELAY_MS, MIN_DELAY_MS } from '../../server/src/lsp/debounce';

/** When the server analyses after a change: at once when idle, after a pause sized by the last analysis in a burst. */
describe('the debouncer', () => {
  let clock = 0;
  let runs = 0;
  let debouncer: Debouncer;
  /** Moves the clock and the timers on together. */
  const wait = (milliseconds: number) => {
    clock += milliseconds;
    mock.timers.tick(milliseconds);
  };

  beforeEach(() => {
    mock.timers.enable({ apis: ['setTimeout', 'setImmediate'] });
    clock = 1000;
    runs = 0;
    debouncer = new Debouncer(() => runs++, () => clock);
  });
  afterEach(() => mock.timers.reset());

  it('analyses the first change at once when nothing is under way', () => {
    debouncer.changed();
    wait(0);
    assert.equal(runs, 1);
  });

  it('waits for typing to pause while an analysis runs, then analyses once', () => {
    debouncer.changed();
    wait(0);
    debouncer.changed();
    debouncer.changed();
    wait(MIN_DELAY_MS - 1);
    assert.equal(runs, 1, 'the burst waits');
    wait(1);
    assert.equal(runs, 2, 'one analysis for the burst');
  });

  it('sizes the pause by what the last analysis cost: twice it, at most MAX_DELAY_MS', () => {
    debouncer.changed();
    wait(0);
    debouncer.finished(40);
    assert.equal(debouncer.delay, 80);
    debouncer.changed();
    wait(40);
    debouncer.changed();
    wait(79);
    assert.equal(runs, 1, 'a change 40 ms after the last one is still typing');
    wait(1);
    assert.equal(runs, 2);
    debouncer.finished(1000);
    assert.equal(debouncer.delay, MAX_DELAY_MS);
  });

  it('keeps up with every keystroke when the analysis is cheap', () => {
    for (let key = 0; key < 5; key++) {
      debouncer.changed();
      wait(0);
      debouncer.finished(3);
      wait(50);
    }
    assert.equal(runs, 5);
  });

  it('counts an analysis dropped for a newer text as over', () => {
    debouncer.changed();
    wait(0);
    debouncer.dropped();
    wait(MIN_DELAY_MS);
    debouncer.changed();
    wait(0);
    assert.equal(runs, 2);
  });

  it('analyses a change at once while an analysis asked for by something else runs or waits', () => {
    debouncer.request(0);
    wait(0);
    assert.equal(runs, 1);
    debouncer.changed();
    wait(0);
    assert.equal(runs, 2, 'the running analysis was not for typing');
    debouncer.finished(40);
    debouncer.dropped();
    wait(1000);
    debouncer.request(MAX_DELAY_MS);
    debouncer.changed();
    wait(0);
    assert.equal(runs, 3, 'the waiting request does not hold the change back');
    wait(MAX_DELAY_MS);
    assert.equal(runs, 3, 'the change took the request over');
  });

  it('sizes the pause by the analyses of changes only', () => {
    debouncer.changed();
    wait(0);
    debouncer.finished(10);
    debouncer.request(0);
    wait(0);
    debouncer.finished(1000);
    assert.equal(debouncer.delay, 20, 'a requested analysis of the whole file does not make typing wait longer');
  });

  it('is not postponed by a request while a change waits for typing to pause', () => {
    debouncer.changed();
    wait(0);
    debouncer.changed();
    debouncer.request(MAX_DELAY_MS);
    wait(MIN_DELAY_MS);
    assert.equal(runs, 2);
  });

  it('analyses on request after the given delay, and not at all once cancelled', () => {
    debouncer.request(100);
    wait(99);
    assert.equal(runs, 0);
    wait(1);
    assert.equal(runs, 1);
    debouncer.finished(1);
    debouncer.request(10);
    debouncer.cancel();
    wait(1000);
    assert.equal(runs, 1);
  });
});
