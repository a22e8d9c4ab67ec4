import assert from 'node:assert/strict';
import { teamsDarkTheme, teamsHighContrastTheme, teamsLightTheme } from '@fluentui/tokens';
import { themeCss, tokensNamedIn } from '../../scripts/tab-theme';

describe('tab theme: Fluent tokens as CSS custom properties, generated at build time', () => {
  it('finds only the tokens the sources name, not every token of the theme', () => {
    const named = tokensNamedIn(['a { color: var(--colorNeutralForeground1); border-radius: var(--borderRadiusMedium); }', 'x="var(--colorBrandBackground)" --notAToken --text']);
    assert.deepEqual(named, ['borderRadiusMedium', 'colorBrandBackground', 'colorNeutralForeground1']);
  });

  it('writes one block per theme the tab switches to, with the Teams values; a value the same in every theme only once', () => {
    const css = themeCss(['colorNeutralForeground1', 'borderRadiusMedium']);
    const blocks = [...css.matchAll(/([^{}]+)\{([^}]*)\}/g)].map((m) => ({ selector: m[1].replace(/\/\*.*?\*\//s, '').trim(), body: m[2] }));
    assert.deepEqual(blocks.map((b) => b.selector), [":root,\nhtml[data-theme='light']", "html[data-theme='dark']", "html[data-theme='contrast']"]);
    assert.match(blocks[0].body, new RegExp(`--colorNeutralForeground1: ${teamsLightTheme.colorNeutralForeground1};`));
    assert.match(blocks[0].body, /--borderRadiusMedium: 4px;/);
    assert.match(blocks[1].body, new RegExp(`--colorNeutralForeground1: ${teamsDarkTheme.colorNeutralForeground1};`));
    assert.match(blocks[2].body, new RegExp(`--colorNeutralForeground1: ${teamsHighContrastTheme.colorNeutralForeground1};`));
    assert.doesNotMatch(blocks[1].body + blocks[2].body, /borderRadiusMedium/);
  });
});
