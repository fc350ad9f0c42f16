import { setInMap } from '../edit';
import { asRecord, type KubeObject } from '../kube-object';
import type { Draft, Rule } from '../rule';
import type { TextEdit } from '../types';
import { containerAnchor, containers, podSpecPath, type ContainerRef } from '../workload';

/** Adds `runAsNonRoot: true` to the container's securityContext, creating the block when missing. */
function setRunAsNonRoot(object: KubeObject, text: string, container: ContainerRef): TextEdit | undefined {
  if (asRecord(container.value.securityContext)) {
    return setInMap(object, text, [...container.path, 'securityContext'], 'runAsNonRoot', ['true']);
  }
  // setInMap writes a one-line value inline; a trailing empty line forces a block, trimmed afterwards.
  const edit = setInMap(object, text, container.path, 'securityContext', ['runAsNonRoot: true', '']);
  return edit && { ...edit, newText: edit.newText.replace(/\n *\n$/, '\n') };
}

const rule: Rule = {
  id: 'run-as-root',
  title: 'Container that may run as root',
  severity: 'hint',
  why: 'Most images run as root unless told otherwise; root in a container is one kernel or runtime bug, or one writable hostPath, away from root on the node.',
  fix: 'Set `runAsNonRoot: true` (and a non-zero `runAsUser` if the image has no user) in the container\'s or the pod\'s `securityContext`.',
  scope: 'object',
  absence: true,
  check(object, context) {
    const spec = podSpecPath(object);
    if (!spec || object.get([...spec, 'os', 'name']) === 'windows') return [];
    const pod = asRecord(object.get([...spec, 'securityContext'])) ?? {};
    const drafts: Draft[] = [];
    if (pod.runAsUser === 0) {
      drafts.push({ path: [...spec, 'securityContext', 'runAsUser'], message: `${object.kind} "${object.name}" runs its containers as root (runAsUser: 0).` });
    }
    for (const container of containers(object, { init: true })) {
      const own = asRecord(container.value.securityContext) ?? {};
      const user = own.runAsUser ?? pod.runAsUser;
      if (own.runAsUser === 0) {
        drafts.push({ path: [...container.path, 'securityContext', 'runAsUser'], message: `Container "${container.name}" runs as root (runAsUser: 0).` });
        continue;
      }
      const nonRoot = own.runAsNonRoot ?? pod.runAsNonRoot;
      // Root inherited from the pod is reported once above; a non-zero user is not root; templated values are unknown.
      if (user !== undefined || nonRoot === true || typeof nonRoot === 'string') continue;
      const edit = setRunAsNonRoot(object, context.text, container);
      drafts.push({
        path: containerAnchor(container),
        target: 'pair',
        message: `Container "${container.name}" sets neither runAsNonRoot: true nor a non-root runAsUser, so it runs as root if the image does.`,
        fixes: edit ? [{ title: 'Set runAsNonRoot: true', edits: [edit], review: true }] : [],
      });
    }
    return drafts;
  },
};

export default rule;
