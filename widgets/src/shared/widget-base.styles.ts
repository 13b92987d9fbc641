import { css } from 'lit';

/**
 * The rules every widget's shadow root starts with, identical in each: `hidden` hides the host,
 * borders count inside sizes, and `.visually-hidden` keeps text for assistive technology only.
 * Each widget puts this first in its styles, so its own rules come after it.
 */
export const widgetBaseStyles = css`
  :host([hidden]) {
    display: none;
  }
  * {
    box-sizing: border-box;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
`;
