/**
 * How long the server works on an analysis or the index before it lets hovers and edits in. A request
 * waits for up to three slices: the one under way, the one before its answer is written (the
 * connection writes on a later turn), and the next.
 */
const SLICE_MS = 10;

/**
 * Runs `steps` (a generator that yields between small pieces of work) a slice at a time, giving the
 * event loop a turn between slices so requests and edits are answered meanwhile. Between slices,
 * `stillWanted` decides whether to go on; when it says no, the steps are dropped and the result is
 * undefined.
 */
export async function runSliced<T>(steps: Generator<void, T, void>, stillWanted: () => boolean): Promise<T | undefined> {
  let sliceEnd = Date.now() + SLICE_MS;
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (Date.now() < sliceEnd) continue;
    await new Promise((resolve) => setImmediate(resolve));
    if (!stillWanted()) return undefined;
    sliceEnd = Date.now() + SLICE_MS;
  }
}
