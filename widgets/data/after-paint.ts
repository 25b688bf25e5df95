/**
 * Work that should wait until the browser has drawn the next frame: the frame shows what is
 * already there (a grid's figures and pies) before the waiting work adds to its layout and paint.
 * The task after an animation frame's callbacks runs once that frame is rendered (the rendering
 * of a frame follows its callbacks in the same task).
 */
const waiting: Array<() => void> = [];

/** Runs `work` after the next frame is rendered; all work queued for that frame runs in one task. */
export function afterNextPaint(work: () => void): void {
  waiting.push(work);
  if (waiting.length > 1) return;
  requestAnimationFrame(() =>
    setTimeout(() => {
      for (const one of waiting.splice(0)) one();
    }, 0),
  );
}
