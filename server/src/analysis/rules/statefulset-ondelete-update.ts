import { replaceScalar, setDeep } from '../edit';
import type { Rule } from '../rule';

const KINDS = new Set(['StatefulSet', 'DaemonSet']);

/** Old API versions whose default update strategy was OnDelete (apps/v1 defaults to RollingUpdate). */
const ON_DELETE_BY_DEFAULT = new Set(['apps/v1beta1 StatefulSet', 'extensions/v1beta1 DaemonSet']);

const rule: Rule = {
  id: 'statefulset-ondelete-update',
  title: 'StatefulSet or DaemonSet that never rolls out its changes',
  severity: 'information',
  why: 'With `updateStrategy.type: OnDelete` the API server accepts every change to the pod template, but running pods keep the old one until each is deleted: a bad image or setting stays latent and surfaces at the next node drain or crash, long after the deploy that caused it.',
  fix: 'Use `updateStrategy.type: RollingUpdate` so a change replaces the pods (and fails) while its author is watching; keep OnDelete only where an operator deletes the pods itself, and check after each deploy that the pods run the new revision.',
  scope: 'object',
  check(object, context) {
    if (!KINDS.has(object.kind)) return [];
    const typePath = ['spec', 'updateStrategy', 'type'];
    const type = object.get(typePath);
    if (type === 'OnDelete') {
      const edit = replaceScalar(object, typePath, 'RollingUpdate');
      return [{
        path: typePath,
        message: `${object.kind} "${object.name}" updates OnDelete: template changes reach its pods only when each pod is deleted, so a bad change stays hidden until the next drain.`,
        fixes: edit ? [{ title: 'Set updateStrategy.type: RollingUpdate', edits: [edit], review: true }] : [],
      }];
    }
    if (type !== undefined || !ON_DELETE_BY_DEFAULT.has(`${object.apiVersion} ${object.kind}`)) return [];
    const edit = setDeep(object, context.text, typePath, ['RollingUpdate']);
    return [{
      path: typePath,
      target: 'key',
      message: `${object.kind} "${object.name}" (${object.apiVersion}) sets no update strategy, and this API version defaults to OnDelete: template changes reach its pods only when each pod is deleted.`,
      fixes: edit ? [{ title: 'Set updateStrategy.type: RollingUpdate', edits: [edit], review: true }] : [],
    }];
  },
};

export default rule;
