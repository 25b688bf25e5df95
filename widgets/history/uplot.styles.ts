/**
 * The few rules uPlot's DOM needs (its own stylesheet cannot reach into a shadow root, and a
 * strict CSP forbids inline styles): the layers stacked over the canvas, the cursor line.
 * uPlot's legend and title are not used (the element draws its own).
 */
import { css } from 'lit';

export const uplotStyles = css`
  .uplot,
  .uplot * {
    box-sizing: border-box;
  }
  .uplot {
    width: min-content;
    line-height: 1.5;
  }
  .u-wrap {
    position: relative;
    user-select: none;
  }
  .u-over,
  .u-under {
    position: absolute;
  }
  .u-under {
    overflow: hidden;
  }
  .uplot canvas {
    display: block;
    position: relative;
    width: 100%;
    height: 100%;
  }
  .u-axis {
    position: absolute;
  }
  .u-select {
    position: absolute;
    pointer-events: none;
  }
  .u-cursor-x,
  .u-cursor-y {
    position: absolute;
    left: 0;
    top: 0;
    pointer-events: none;
    will-change: transform;
  }
  .u-hz .u-cursor-x {
    height: 100%;
    border-right: 1px dashed var(--_fg);
  }
  .u-hz .u-cursor-y {
    width: 100%;
    border-bottom: 1px dashed var(--_fg);
  }
  .u-cursor-x.u-off,
  .u-cursor-y.u-off,
  .u-select.u-off,
  .u-axis.u-off {
    display: none;
  }
`;
