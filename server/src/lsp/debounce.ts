/** Shortest and longest wait for typing to pause before a document is analysed again. */
export const MIN_DELAY_MS = 5;
export const MAX_DELAY_MS = 150;

/**
 * Decides when a document is analysed after a change. When no typing is under way — no analysis
 * for a change waiting or running, and the previous change older than the delay — the change is
 * analysed at once: a single edit costs only its analysis. A change that arrives while one for an
 * earlier change waits or runs is part of a burst of typing: it is analysed once typing pauses for
 * the delay, which is twice what the last analysis cost (within MIN_DELAY_MS..MAX_DELAY_MS), so a
 * cheap analysis keeps up with every keystroke and an expensive one runs only in the pauses. An
 * analysis asked for by something else (the workspace index, another file) neither holds a change
 * back — it is dropped for the newer text, whose analysis carries on from its work — nor postpones
 * one.
 */
export class Debouncer {
  /** Cancels the analysis scheduled, if one is. */
  private timer: (() => void) | undefined;
  /** When the timer fires, and whether it was set for a change. */
  private timerDue = 0;
  private timerForChange = false;
  /** Whether the analysis started last was for a change. */
  private lastRunForChange = false;
  private lastChange = -Infinity;
  /** Analyses started and not yet finished or dropped (a dropped one may still be winding down when the next starts). */
  private running = 0;
  private lastCost = 0;

  constructor(private readonly analyse: () => void, private readonly now: () => number = () => Date.now()) {}

  /** How long a burst waits for typing to pause. */
  get delay(): number {
    return Math.min(MAX_DELAY_MS, Math.max(MIN_DELAY_MS, 2 * this.lastCost));
  }

  /** The text changed. */
  changed(): void {
    const now = this.now();
    const typing = (this.timer !== undefined && this.timerForChange) || (this.running > 0 && this.lastRunForChange) || now - this.lastChange < this.delay;
    this.lastChange = now;
    this.schedule(typing ? this.delay : 0, true);
  }

  /** Something else than the text changed (settings, other files): analyse within `delay` ms, whatever is under way. */
  request(delay = 0): void {
    if (this.timer === undefined || this.timerDue > this.now() + delay) this.schedule(delay, false);
  }

  /**
   * An analysis ran to its end and took `costMs` (it was not dropped for a newer text). Only an
   * analysis for a change sizes the pause: one asked for by something else may re-check the whole
   * file against a new set, which typing does not.
   */
  finished(costMs: number): void {
    this.running = Math.max(0, this.running - 1);
    if (this.lastRunForChange) this.lastCost = costMs;
  }

  /** The analysis started by this debouncer was dropped (a newer text or run took over). */
  dropped(): void {
    this.running = Math.max(0, this.running - 1);
  }

  cancel(): void {
    this.timer?.();
    this.timer = undefined;
  }

  private schedule(delay: number, forChange: boolean): void {
    this.cancel();
    this.timerDue = this.now() + delay;
    this.timerForChange = forChange;
    this.timer = later(() => {
      this.timer = undefined;
      this.running++;
      this.lastRunForChange = forChange;
      this.analyse();
    }, delay);
  }
}

/**
 * Runs `run` in `delay` ms, and for 0 on the next turn of the event loop where there is
 * setImmediate (Node, where a zero timer waits a millisecond: a tenth of what an edit costs).
 * Returns what cancels it.
 */
function later(run: () => void, delay: number): () => void {
  if (delay === 0 && typeof setImmediate === 'function') {
    const immediate = setImmediate(run);
    return () => clearImmediate(immediate);
  }
  const timer = setTimeout(run, delay);
  return () => clearTimeout(timer);
}
