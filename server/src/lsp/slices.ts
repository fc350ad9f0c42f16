/** How long the server works on one analysis or index step before it lets hovers and edits in. */
const SLICE_MS = 15;

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
