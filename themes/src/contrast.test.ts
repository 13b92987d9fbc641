import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkContrast, contrastRatio, resolveValue } from './contrast.js';
import { presets } from './generated/presets.js';
import { compiledPresetNameSchema } from './schema.js';
import { themeVariables } from './theme.js';

describe('contrast', () => {
  it('computes WCAG 2.1 ratios', () => {
    assert.equal(contrastRatio('#000000', '#ffffff'), 21);
    assert.equal(contrastRatio('#fff', '#fff'), 1);
    // The WCAG threshold example: #767676 on white is the lightest grey that reaches 4.5:1.
    assert.ok(contrastRatio('#767676', '#ffffff') >= 4.5);
    assert.ok(contrastRatio('#777777', '#ffffff') < 4.5);
  });

  it('resolves var() references within a preset, with fallbacks, and rejects cycles', () => {
    const vars = { '--a': 'var(--b)', '--b': '#123456', '--c': 'var(--c)' };
    assert.equal(resolveValue(vars, 'var(--a)'), '#123456');
    assert.equal(resolveValue(vars, 'var(--missing, #fff)'), '#fff');
    assert.throws(() => resolveValue(vars, 'var(--c)'), /Cycle/);
    assert.throws(() => resolveValue(vars, 'var(--missing)'), /not defined/);
  });

  it('compiles every preset the schema names', () => {
    assert.deepEqual(Object.keys(presets).sort(), [...compiledPresetNameSchema.options].sort());
  });

  for (const name of compiledPresetNameSchema.options) {
    it(`${name}: every text pair reaches 4.5:1 and every border and focus ring 3:1`, () => {
      const results = checkContrast(presets[name]);
      const rows = results.map((r) => `${r.fg} on ${r.bg}: ${r.ratio.toFixed(2)} (min ${r.min})`);
      console.log(`${name}\n  ${rows.join('\n  ')}`);
      const failing = results.filter((r) => !r.pass);
      assert.deepEqual(failing, [], `${name} fails:\n${rows.join('\n')}`);
    });
  }

  it('high-contrast reaches AAA (7:1) on every text pair', () => {
    const text = checkContrast(presets['high-contrast']).filter((r) => r.min === 4.5);
    assert.deepEqual(
      text.filter((r) => r.ratio < 7).map((r) => r.fg),
      [],
    );
  });

  it('a partner override that breaks contrast is caught', () => {
    const results = checkContrast(
      themeVariables({ preset: 'light', variables: { '--tessera-color-text': '#cccccc' } }),
    );
    assert.ok(results.some((r) => r.fg === '--tessera-color-text' && !r.pass));
  });

  it('auto is light without a DOM, dark when the OS asks for dark', () => {
    assert.deepEqual(themeVariables({ preset: 'auto' }), presets.light);
    assert.deepEqual(themeVariables({ preset: 'auto' }, { prefersDark: true }), presets.dark);
  });
});
