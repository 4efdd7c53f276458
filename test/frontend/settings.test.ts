import { DEFAULT_SETTINGS, macroSettings } from '../../src/frontend/macro/state/settings';

describe('macroSettings', () => {
  it('shows every tab, not compact, when the macro was never configured', () => {
    expect(DEFAULT_SETTINGS).toEqual({ tabs: ['view', 'edit', 'check'], compact: false });
    for (const config of [undefined, null, 'x', 3, [], {}]) {
      expect(macroSettings(config)).toEqual(DEFAULT_SETTINGS);
    }
  });

  it('reads what the config form stores, in display order', () => {
    expect(macroSettings({ tabs: ['check', 'view'], layout: 'compact' })).toEqual({
      tabs: ['view', 'check'],
      compact: true,
    });
    expect(macroSettings({ tabs: [], layout: 'full' })).toEqual({ tabs: [], compact: false });
  });

  it('ignores values of the wrong type', () => {
    expect(macroSettings({ tabs: 'view', layout: 7 })).toEqual(DEFAULT_SETTINGS);
    expect(macroSettings({ tabs: ['view', 4, 'nonsense'] })).toEqual({
      tabs: ['view'],
      compact: false,
    });
  });
});
