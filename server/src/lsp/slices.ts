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
export async function runSliced<T>(steps: Generator<void, T, void>, stillWanted: () => boolean, priority: Priority = 'foreground'): Promise<T | undefined> {
  let sliceEnd = Date.now() + SLICE_MS;
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (Date.now() < sliceEnd) continue;
    await nextTurn();
    if (priority === 'background') await foregroundDone();
    if (!stillWanted()) return undefined;
    sliceEnd = Date.now() + SLICE_MS;
  }
}

/**
 * 'foreground': what someone waits for (the diagnostics of the document being edited); 'background':
 * the rest (the workspace index, closed files), which waits between its slices until no foreground
 * work is under way, so an edit made while the workspace is read costs what it costs alone.
 */
export type Priority = 'foreground' | 'background';

let foregroundRunning = 0;
const backgroundWaiting: (() => void)[] = [];

/** Runs `work` as foreground work: background slices wait until it (and any other) is over. */
export async function inForeground<T>(work: () => Promise<T>): Promise<T> {
  foregroundRunning++;
  try {
    return await work();
  } finally {
    if (--foregroundRunning === 0) for (const resume of backgroundWaiting.splice(0)) resume();
  }
}

/** Resolves once no foreground work is under way (at once when none is). */
export function foregroundDone(): Promise<void> | undefined {
  return foregroundRunning === 0 ? undefined : new Promise((resolve) => backgroundWaiting.push(resolve));
}

/**
 * Waits for a turn of the event loop: setImmediate in Node; in a web worker, which has none, a
 * MessageChannel message (a zero timer would wait 4 ms once nested).
 */
const nextTurn: () => Promise<void> = typeof setImmediate === 'function'
  ? () => new Promise((resolve) => setImmediate(resolve))
  : messageTurns();

function messageTurns(): () => Promise<void> {
  const channel = new MessageChannel();
  const waiting: (() => void)[] = [];
  channel.port1.onmessage = () => waiting.shift()?.();
  return () => new Promise((resolve) => {
    waiting.push(resolve);
    channel.port2.postMessage(null);
  });
}
