import { CITATIONS, cite } from '../citations';
import type { CitedRule, RuleMeta } from '../rule';
import cronjobConcurrency from './cronjob-concurrency';
import imageTagLatest from './image-tag-latest';
import livenessProbeMissing from './liveness-probe-missing';
import memoryLimitMissing from './memory-limit-missing';
import requestsMissing from './requests-missing';
import antiAffinityMissing from './anti-affinity-missing';
import cpuLimitThrottling from './cpu-limit-throttling';
import hpaReplicasConflict from './hpa-replicas-conflict';
import pdbBlocksDrain from './pdb-blocks-drain';
import pdbMissing from './pdb-missing';
import priorityPreemption from './priority-preemption';
import singleReplica from './single-replica';
import readinessProbeMissing from './readiness-probe-missing';
import livenessEqualsReadiness from './liveness-equals-readiness';
import execProbe from './exec-probe';
import prestopHookMissing from './prestop-hook-missing';
import gracePeriodTooShort from './grace-period-too-short';
import dnsNdots from './dns-ndots';
import externalTrafficPolicy from './external-traffic-policy';
import loadbalancerUnrestricted from './loadbalancer-unrestricted';
import adminUiExposed from './admin-ui-exposed';
import serviceSelectorNoMatch from './service-selector-no-match';
import ingressHostConflict from './ingress-host-conflict';
import cronjobStartingDeadline from './cronjob-starting-deadline';
import jobUnbounded from './job-unbounded';
import imagePullAlways from './image-pull-always';
import webhookFailurePolicy from './webhook-failure-policy';
import webhookTimeout from './webhook-timeout';
import apiVersionRemoved from './api-version-removed';
import masterNodeLabel from './master-node-label';
import privilegedContainer from './privileged-container';
import hostNamespaces from './host-namespaces';
import dockerSocketMount from './docker-socket-mount';
import runAsRoot from './run-as-root';
import statefulEmptydir from './stateful-emptydir';
import unrenderedTemplate from './unrendered-template';
import yamlSyntax from './yaml-syntax';
import misplacedField from './misplaced-field';
import statefulsetOndeleteUpdate from './statefulset-ondelete-update';
import criticalAgentNoPriorityclass from './critical-agent-no-priorityclass';

/**
 * Every rule, in the order findings are listed. Add a new rule here (one line) and its stories to
 * data/citations.json, where every rule's citations live.
 */
export const RULES: readonly CitedRule[] = [
  requestsMissing,
  memoryLimitMissing,
  livenessProbeMissing,
  cronjobConcurrency,
  imageTagLatest,
  cpuLimitThrottling,
  antiAffinityMissing,
  singleReplica,
  pdbMissing,
  pdbBlocksDrain,
  priorityPreemption,
  hpaReplicasConflict,
  readinessProbeMissing,
  livenessEqualsReadiness,
  execProbe,
  prestopHookMissing,
  gracePeriodTooShort,
  dnsNdots,
  externalTrafficPolicy,
  loadbalancerUnrestricted,
  adminUiExposed,
  serviceSelectorNoMatch,
  ingressHostConflict,
  cronjobStartingDeadline,
  jobUnbounded,
  imagePullAlways,
  webhookFailurePolicy,
  webhookTimeout,
  apiVersionRemoved,
  masterNodeLabel,
  privilegedContainer,
  hostNamespaces,
  dockerSocketMount,
  runAsRoot,
  statefulEmptydir,
  unrenderedTemplate,
  misplacedField,
  statefulsetOndeleteUpdate,
  criticalAgentNoPriorityclass,
].map((rule) => cite(rule, CITATIONS));

/** Findings the engine reports itself, not a check. */
export const PARSE_RULE: RuleMeta = cite(yamlSyntax, CITATIONS);

export const ALL_RULE_METAS: readonly RuleMeta[] = [...RULES, PARSE_RULE];

export function ruleMeta(id: string): RuleMeta | undefined {
  return ALL_RULE_METAS.find((rule) => rule.id === id);
}
