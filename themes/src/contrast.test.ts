import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { type ContrastRequirement, checkContrast, contrastRatio, resolveValue } from './contrast.js';
import { presets } from './generated/presets.js';
import { compiledPresetNameSchema } from './schema.js';
import { themeVariables } from './theme.js';

// Code blocks: every syntax colour (read from the presets, so a token added later is held too), the
// code text and the header label, on the code-block background.
const codeText = (fg: string): ContrastRequirement => ({ fg, bg: '--tessera-code-bg', min: 4.5 });
const codeRequirements: readonly ContrastRequirement[] = [
  codeText('--tessera-code-fg'),
  codeText('--tessera-code-header-fg'),
  ...Object.keys(presets.light)
    .filter((name) => /^--tessera-code-syntax-[a-z-]+-fg$/.test(name))
    .map(codeText),
];

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

  it('defines every --tessera-code-* token the code-block styles read, and tests each syntax one', () => {
    const styles = readFileSync(new URL('../../widgets/src/shared/code-block.styles.ts', import.meta.url), 'utf8');
    const read = [...new Set(styles.match(/--tessera-code-[a-z-]*[a-z]/g))];
    assert.ok(read.length >= 12, `the styles read only ${read.length} code tokens`);
    assert.deepEqual(
      read.filter((name) => !(name in presets.light)),
      [],
    );
    const tested = new Set(codeRequirements.map((r) => r.fg));
    assert.deepEqual(
      read.filter((name) => name.startsWith('--tessera-code-syntax-') && !tested.has(name)),
      [],
    );
  });

  for (const name of compiledPresetNameSchema.options) {
    const min = name === 'high-contrast' ? 7 : 4.5;
    it(`${name}: code text and every syntax colour reach ${min}:1 on the code-block background`, () => {
      const results = checkContrast(presets[name], codeRequirements);
      const failing = results.filter((r) => r.ratio < min).map((r) => `${r.fg}: ${r.ratio.toFixed(2)}`);
      assert.deepEqual(failing, [], `${name} fails on --tessera-code-bg`);
      // The Copy button's focus ring is drawn on the code block too.
      const [ring] = checkContrast(presets[name], [
        { fg: '--tessera-color-focus-ring', bg: '--tessera-code-bg', min: 3 },
      ]);
      assert.ok(ring?.pass, `${name}: focus ring on --tessera-code-bg is ${ring?.ratio.toFixed(2)}:1`);
    });
  }

  it('a partner override of a syntax colour that breaks contrast is caught', () => {
    const variables = themeVariables({ preset: 'dark', variables: { '--tessera-color-syntax-keyword': '#404040' } });
    const failing = checkContrast(variables, codeRequirements).filter((r) => !r.pass);
    assert.deepEqual(
      failing.map((r) => r.fg),
      ['--tessera-code-syntax-keyword-fg', '--tessera-code-syntax-deletion-fg'],
    );
  });

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
