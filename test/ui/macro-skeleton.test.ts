import { renderView } from '../harness/forge-ui';
import { MacroApp } from '../../src/frontend/macro/MacroApp';
import type { PageSummary, ResolverResult } from '../../src/contract/results';

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('macro (walking skeleton) through the real reconciler', () => {
  it('shows a loading state, then the page title and space', async () => {
    const answer = deferred<ResolverResult<PageSummary>>();
    const invoked: string[] = [];
    const view = await renderView(MacroApp, {
      invoke: (key) => {
        invoked.push(key);
        return answer.promise;
      },
    });

    expect(view.has('Spinner')).toBe(true);
    expect(view.text()).toContain('Checking who can access this page');

    answer.resolve({
      ok: true,
      data: { title: 'Release plan', space: { key: 'ENG', name: 'Engineering' } },
    });
    await view.waitFor((v) => !v.has('Spinner'));

    expect(invoked).toEqual(['getPageSummary']);
    expect(view.findByText('Heading', 'Release plan')).toBeDefined();
    expect(view.findByText('Lozenge', 'ENG')).toBeDefined();
    expect(view.text()).toContain('Engineering');
  });

  it('renders the not-visible state with no page data', async () => {
    const view = await renderView(MacroApp, {
      invoke: () =>
        Promise.resolve({
          ok: false,
          error: { code: 'NOT_VISIBLE', message: 'ignored by the view' },
        }),
    });
    await view.waitFor((v) => v.has('SectionMessage'));

    const message = view.find('SectionMessage');
    expect(message.props.appearance).toBe('warning');
    expect(view.text()).toContain("don't have permission to view it");
    expect(view.has('Heading')).toBe(false);
    expect(view.has('Lozenge')).toBe(false);
  });

  it('explains a rate limit with the wait time', async () => {
    const view = await renderView(MacroApp, {
      invoke: () =>
        Promise.resolve({
          ok: false,
          error: { code: 'RATE_LIMITED', message: 'busy', retryAfterSeconds: 12 },
        }),
    });
    await view.waitFor((v) => v.has('SectionMessage'));
    expect(view.text()).toContain('Try again in 12 s.');
  });
});
