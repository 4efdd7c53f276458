import Resolver from '@forge/resolver';
import { registerAdminFeature } from './admin';
import { registerPageFeature } from './page';
import { registerPersonFeature } from './person';
import { registerWhatIfFeature } from './what-if';

/** The app's one Resolver; each feature registers its functions into it. */
export function createResolver(): Resolver {
  const resolver = new Resolver();
  registerPageFeature(resolver);
  registerWhatIfFeature(resolver);
  registerAdminFeature(resolver);
  registerPersonFeature(resolver);
  return resolver;
}

/** The `access-events` trigger's function: product events as cache hints (events.ts). */
export { onAccessEvent } from './events';
