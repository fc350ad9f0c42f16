import { replaceScalar } from '../edit';
import type { Rule } from '../rule';
import { containers } from '../workload';
import { imageTag } from './image-tag-latest';

const rule: Rule = {
  id: 'image-pull-always',
  title: 'imagePullPolicy: Always',
  severity: 'hint',
  why: 'With `Always`, every container start asks the registry first, even when the image is already on the node: a registry outage, rate limit or pull throttling during a node rollover then stops pods from (re)starting.',
  fix: 'Use immutable tags or digests with `imagePullPolicy: IfNotPresent` (the default for them), so restarts use the cached image.',
  scope: 'object',
  check(object) {
    return containers(object, { init: true }).flatMap((container) => {
      const { image, imagePullPolicy } = container.value;
      if (imagePullPolicy !== 'Always' || typeof image !== 'string' || image.includes('{{')) return [];
      // A moving tag needs Always to mean anything; image-tag-latest reports the tag itself.
      const { tag, digest } = imageTag(image);
      if (!digest && (tag === undefined || tag === 'latest')) return [];
      const path = [...container.path, 'imagePullPolicy'];
      const edit = replaceScalar(object, path, 'IfNotPresent');
      return [{
        path,
        message: `Container "${container.name}" pulls "${image}" from the registry on every start (imagePullPolicy: Always), although the image is pinned.`,
        fixes: edit ? [{ title: 'Use imagePullPolicy: IfNotPresent', edits: [edit] }] : [],
      }];
    });
  },
};

export default rule;
