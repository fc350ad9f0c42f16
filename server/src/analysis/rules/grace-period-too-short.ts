import { DEFAULT_GRACE_SECONDS, gracePeriod } from '../defaults';
import { setInMap } from '../edit';
import { asArray, asRecord, type Path } from '../kube-object';
import type { Draft, Rule } from '../rule';
import { containers, isLongRunning, podSpecPath, type ContainerRef } from '../workload';

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh']);
/** `sleep N` (GNU sleep also takes `Ns`) as a command of a shell script. */
const SCRIPT_SLEEP = /(?:^|[;&|(\s])sleep\s+(\d+)s?(?=$|[\s;&|)])/;

const rule: Rule = {
  id: 'grace-period-too-short',
  title: 'preStop sleep as long as the termination grace period',
  severity: 'warning',
  why: 'The termination grace period counts from the start of the preStop hook: when the sleep uses it all up, the container gets SIGTERM only when time is over and is killed 2 seconds later, so in-flight requests are cut off instead of drained.',
  fix: 'Set `terminationGracePeriodSeconds` to the preStop sleep plus the time the application needs to shut down, or shorten the sleep.',
  scope: 'object',
  absence: true,
  check(object, context) {
    const spec = podSpecPath(object);
    if (!spec || !isLongRunning(object)) return [];
    const grace = gracePeriod(object, spec);
    if (!grace) return [];
    return containers(object).flatMap((container): Draft[] => {
      const sleep = preStopSleep(container);
      if (!sleep || sleep.seconds < grace.seconds) return [];
      const longer = sleep.seconds + DEFAULT_GRACE_SECONDS;
      const edit = setInMap(object, context.text, spec, 'terminationGracePeriodSeconds', [String(longer)]);
      return [{
        path: sleep.path,
        message: `Container "${container.name}" sleeps ${sleep.seconds}s in its preStop hook but the pod's terminationGracePeriodSeconds is ${grace.seconds}${grace.declared ? '' : ' (the default)'}: it is killed before it can shut down gracefully.`,
        fixes: edit ? [{ title: `Set terminationGracePeriodSeconds: ${longer}`, edits: [edit], review: true }] : [],
      }];
    });
  },
};

/** The seconds a preStop hook sleeps, and where: `sleep: {seconds}`, `exec: sleep N` or `exec: sh -c "sleep N; ..."`. */
function preStopSleep(container: ContainerRef): { seconds: number; path: Path } | undefined {
  const preStop = asRecord(asRecord(container.value.lifecycle)?.preStop);
  if (!preStop) return undefined;
  const base = [...container.path, 'lifecycle', 'preStop'];
  const seconds = asRecord(preStop.sleep)?.seconds;
  if (typeof seconds === 'number' && Number.isInteger(seconds)) return { seconds, path: [...base, 'sleep', 'seconds'] };
  const command = asArray(asRecord(preStop.exec)?.command).map(String);
  const program = command[0]?.split('/').pop();
  if (program === 'sleep') {
    const match = /^(\d+)s?$/.exec(command[1] ?? '');
    return match ? { seconds: Number(match[1]), path: [...base, 'exec', 'command', 1] } : undefined;
  }
  if (program && SHELLS.has(program) && command[1] === '-c') {
    const match = SCRIPT_SLEEP.exec(command[2] ?? '');
    return match ? { seconds: Number(match[1]), path: [...base, 'exec', 'command', 2] } : undefined;
  }
  return undefined;
}

export default rule;
