import { setInMap } from '../edit';
import type { Rule } from '../rule';
import { interceptsControlPlaneResources, webhookAnchor, webhooks } from './webhook-failure-policy';

const MAX_SECONDS = 5;
/** What the API server waits when timeoutSeconds is unset. */
const DEFAULT_SECONDS = new Map([['v1', 10], ['v1beta1', 30]]);

const rule: Rule = {
  id: 'webhook-timeout',
  title: 'Admission webhook with a long timeout',
  severity: 'warning',
  why: 'Every request the webhook intercepts waits for it up to `timeoutSeconds`: a slow or hung backend with a long timeout stalls deployments and the control plane\'s own writes until clients time out.',
  fix: 'Set `timeoutSeconds` to a few seconds (5 or less) and make the webhook answer well within it.',
  scope: 'object',
  check(object, context) {
    return webhooks(object).flatMap((webhook) => {
      const timeout = webhook.value.timeoutSeconds;
      if (!interceptsControlPlaneResources(webhook)) return [];
      const defaultSeconds = DEFAULT_SECONDS.get(webhook.version);
      if (timeout === undefined && defaultSeconds === undefined) return [];
      if (timeout !== undefined && (typeof timeout !== 'number' || timeout <= MAX_SECONDS)) return [];
      const edit = setInMap(object, context.text, webhook.path, 'timeoutSeconds', [String(MAX_SECONDS)]);
      return [{
        path: timeout === undefined ? webhookAnchor(webhook) : [...webhook.path, 'timeoutSeconds'],
        target: timeout === undefined ? 'pair' : 'value',
        message: timeout === undefined
          ? `Webhook "${webhook.name}" sets no timeoutSeconds, so each intercepted request can wait ${defaultSeconds}s for it.`
          : `Webhook "${webhook.name}" lets each intercepted request wait ${timeout}s for it.`,
        fixes: edit ? [{ title: `Set timeoutSeconds: ${MAX_SECONDS}`, edits: [edit], review: true }] : [],
      }];
    });
  },
};

export default rule;
