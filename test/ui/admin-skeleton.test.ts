import { renderView } from '../harness/forge-ui';
import { AdminApp } from '../../src/frontend/admin/AdminApp';

describe('admin settings page (walking skeleton) through the real reconciler', () => {
  it('shows who is looking and that they are a Confluence admin', async () => {
    const view = await renderView(AdminApp, {
      invoke: () =>
        Promise.resolve({
          ok: true,
          data: { accountId: 'u-alice', displayName: 'Alice Admin', isConfluenceAdmin: true },
        }),
    });
    expect(view.history[0]).toContain('Checking your permissions');
    await view.waitFor((v) => v.has('Lozenge'));
    expect(view.find('User').props.accountId).toBe('u-alice');
    expect(view.findByText('Lozenge', 'Confluence admin').props.appearance).toBe('success');
    expect(view.text()).not.toContain('available to Confluence admins only');
  });

  it('tells a non-admin the audit is for admins only', async () => {
    const view = await renderView(AdminApp, {
      invoke: () =>
        Promise.resolve({
          ok: true,
          data: { accountId: 'u-bob', displayName: 'Bob', isConfluenceAdmin: false },
        }),
    });
    await view.waitFor((v) => v.has('Lozenge'));
    expect(view.findByText('Lozenge', 'Not a Confluence admin')).toBeDefined();
    expect(view.text()).toContain('available to Confluence admins only');
  });

  it('shows a clear error when the app cannot be reached', async () => {
    const view = await renderView(AdminApp, {
      invoke: () => Promise.reject(new Error('network down')),
    });
    await view.waitFor((v) => v.has('SectionMessage'));
    expect(view.find('SectionMessage').props.appearance).toBe('error');
    expect(view.text()).toContain('network down');
  });
});
