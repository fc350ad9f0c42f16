import { fork, type ChildProcess } from 'node:child_process';

/**
 * Helper processes that run this program's own bundle (the language server's, or the CLI's) in
 * another role, named by an argument. A process rather than a worker thread: V8 runs a worker's
 * garbage collection on helper threads it shares with the whole process, so two threads parsing
 * in one process slow each other by 15% or more where two processes do not (and a niced process
 * takes its collector's threads down with it).
 */

/**
 * Starts `script` again with `role` as its argument, talking over IPC with values v8-serialised.
 * Its stdout is not ours (that may be the editor's channel, or the CLI's report); it gets none of
 * our debugger or profiler flags.
 */
export function forkOwnBundle(script: string, role: string): ChildProcess {
  return fork(script, [role], { serialization: 'advanced', stdio: ['ignore', 'ignore', 'inherit', 'ipc'], execArgv: [] });
}

/** Whether this process is a helper started by `forkOwnBundle` for `role` (a user typing the argument is not). */
export function isHelperFor(role: string): boolean {
  return process.argv[2] === role && process.send !== undefined;
}

/** In the helper: hands each message of the parent to `serve`, and ends when the parent goes. */
export function serveParent<Request>(serve: (request: Request, reply: (message: unknown) => void) => void): void {
  process.on('message', (request: Request) => serve(request, (message) => process.send!(message)));
  process.on('disconnect', () => process.exit(0));
}
