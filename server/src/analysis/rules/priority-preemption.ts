import { setInMap } from '../edit';
import type { Rule } from '../rule';

const rule: Rule = {
  id: 'priority-preemption',
  title: 'PriorityClass that preempts other pods',
  severity: 'information',
  why: 'Pods of a preempting PriorityClass evict lower-priority pods whenever they do not fit; evicted pods can in turn preempt others, and a routine rollout turns into a cascade of evictions.',
  fix: 'Set `preemptionPolicy: Never` so pods of the class are scheduled first but never evict running pods; keep preemption only for classes whose blast radius you have modelled.',
  scope: 'object',
  check(object, context) {
    if (object.kind !== 'PriorityClass') return [];
    const value = object.get(['value']);
    // A class at or below the default priority (0) outranks no ordinary pod, so it has nothing to preempt.
    if (typeof value !== 'number' || value <= 0) return [];
    const policy = object.get(['preemptionPolicy']);
    if (policy === 'Never' || (policy !== undefined && policy !== 'PreemptLowerPriority')) return [];
    const edit = setInMap(object, context.text, [], 'preemptionPolicy', ['Never']);
    return [{
      // The explicit policy when there is one; otherwise the value, which decides whom it evicts.
      path: policy === undefined ? ['value'] : ['preemptionPolicy'],
      target: policy === undefined ? 'pair' : 'value',
      message: `PriorityClass "${object.name}" (value ${value}) preempts: its pods evict running pods of lower priority whenever they do not fit.`,
      fixes: edit ? [{ title: 'Set preemptionPolicy: Never', edits: [edit] }] : [],
    }];
  },
};

export default rule;
