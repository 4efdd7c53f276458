/**
 * The demo sites the preview offers. All describe the same people, pages and effective access
 * (dev/fixtures/README.md): one with the legacy space-permission list, one on space roles, so
 * switching between them shows the app reading either model and giving the same answers, and
 * the legacy site on Premium, where Alice is an org admin who may use the admin key.
 */
import path from 'node:path';
import { REPO_ROOT } from './build';

export interface DemoSite {
  /** Short id, used in URLs (`?site=roles`) and storage file names. */
  readonly id: string;
  /** What the site switcher shows. */
  readonly label: string;
  readonly fixturePath: string;
}

const FIXTURES = path.join(REPO_ROOT, 'dev', 'fixtures');

export const DEMO_SITES: readonly DemoSite[] = [
  {
    id: 'legacy',
    label: 'Acme Demo: space permissions',
    fixturePath: path.join(FIXTURES, 'demo-site.json'),
  },
  {
    id: 'roles',
    label: 'Acme Demo: space roles',
    fixturePath: path.join(FIXTURES, 'demo-site-roles.json'),
  },
  {
    id: 'premium',
    label: 'Acme Demo: Premium (admin key)',
    fixturePath: path.join(FIXTURES, 'demo-site-premium.json'),
  },
];

/** Site ids go into file names and URLs: keep them to a safe alphabet. */
export const SITE_ID = /^[a-z0-9][a-z0-9-]{0,31}$/;
