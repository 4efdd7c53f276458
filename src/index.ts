/** Forge entry points only: the manifest's `handler`s point here. */
import { createResolver } from './resolvers';

export const handler = createResolver().getDefinitions();
/** The audit queue's consumer (`consumer` module `audit-consumer`), on the job's real adapters. */
export { auditWorker } from './jobs/forge-adapters';
/** The person queue's consumer (`person-consumer`): the admin page's "what can this person see?". */
export { personWorker } from './jobs/person-forge';
/** The hourly `scheduledTrigger`: starts the audit when the policy's schedule says it is due. */
export { auditSchedule } from './jobs/forge-adapters';
/** The `access-events` product-event trigger: restriction changes and moves drop cached parts. */
export { onAccessEvent as accessEvents } from './resolvers';
