import type { Rule } from '../rule';
import { containers } from '../workload';

/** The tag of an image reference, or undefined when it has none; a digest pins it regardless. */
export function imageTag(image: string): { tag: string | undefined; digest: boolean } {
  const digest = image.includes('@');
  const name = image.split('@')[0]!;
  const lastSegment = name.slice(name.lastIndexOf('/') + 1);
  const colon = lastSegment.lastIndexOf(':');
  return { tag: colon === -1 ? undefined : lastSegment.slice(colon + 1), digest };
}

const rule: Rule = {
  id: 'image-tag-latest',
  title: 'Image with the latest tag or no tag',
  severity: 'warning',
  why: 'A moving tag means two nodes can run different code under one spec, rollbacks do not roll back, and every node restart depends on the registry.',
  fix: 'Pin the image to an immutable version tag, or better to a digest (`image@sha256:...`).',
  scope: 'object',
  check(object) {
    return containers(object, { init: true }).flatMap((container) => {
      const image = container.value.image;
      if (typeof image !== 'string' || image.includes('{{')) return [];
      const { tag, digest } = imageTag(image);
      if (digest || (tag !== undefined && tag !== 'latest')) return [];
      return [{
        path: [...container.path, 'image'],
        message: tag === 'latest'
          ? `Image "${image}" uses the moving tag "latest".`
          : `Image "${image}" has no tag, so it means "latest".`,
      }];
    });
  },
};

export default rule;
