import { html, nothing } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import { variableLabel } from './fields.js';
import { type ContrastRow, failsContrast } from './theme-draft.js';

const ratioText = (ratio: number): string => `${(Math.floor(ratio * 100) / 100).toFixed(2)}:1`;

/**
 * The contrast pairs as a table: what is checked, a sample, the ratio, what AA asks, and the verdict
 * in words (never in colour alone). Ratios are floored, so a shown 4.50 really passes 4.5. The
 * sample is styled through the CSSOM (`styleMap`), which a strict CSP allows, not a style attribute.
 */
export function contrastPanel(rows: readonly ContrastRow[]) {
  const failing = rows.filter(failsContrast).length;
  return html`<section part="contrast" aria-labelledby="contrast-heading">
    <h3 id="contrast-heading">Contrast</h3>
    <p part="contrast-summary">
      ${
        failing === 0
          ? 'Every pair meets WCAG 2.1 AA.'
          : `${failing} ${failing === 1 ? 'pair fails' : 'pairs fail'} WCAG 2.1 AA: change one of its colours.`
      }
    </p>
    <table part="contrast-table">
      <thead>
        <tr>
          <th scope="col">Pair</th>
          <th scope="col">Sample</th>
          <th scope="col">Ratio</th>
          <th scope="col">AA needs</th>
          <th scope="col">Result</th>
        </tr>
      </thead>
      <tbody>
        ${rows.map((row) => {
          const name = `${variableLabel(row.fg)} against ${variableLabel(row.bg).toLowerCase()}`;
          const fail = failsContrast(row);
          return html`<tr part=${fail ? 'contrast-row contrast-fail' : 'contrast-row'} data-fg=${row.fg} data-bg=${row.bg}>
            <th scope="row">${name}</th>
            <td>
              ${
                !row.checked
                  ? nothing
                  : html`<span
                      part="contrast-swatch"
                      aria-hidden="true"
                      style=${styleMap({ color: row.fgColor, background: row.bgColor, borderColor: row.fgColor })}
                      >Aa</span
                    >`
              }
            </td>
            <td part="contrast-ratio">${row.checked ? ratioText(row.ratio) : '—'}</td>
            <td>${row.min}:1${row.min === 3 ? ' (non-text)' : ''}</td>
            <td part="contrast-verdict">${row.checked ? (row.pass ? 'Pass' : 'Fail') : row.problem}</td>
          </tr>`;
        })}
      </tbody>
    </table>
  </section>`;
}
