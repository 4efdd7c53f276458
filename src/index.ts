/** Forge entry points only: the manifest's `handler`s point here. */
import { createResolver } from './resolvers';

export const handler = createResolver().getDefinitions();
