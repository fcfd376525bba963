/**
 * A canvas that fills its scrolling box at the screen's pixel density, for the canvas views.
 */

export class ViewCanvas {
  readonly scroll = document.createElement("div");
  readonly canvas = document.createElement("canvas");
  /** Size in CSS pixels after the last fit(). */
  width = 0;
  height = 0;

  constructor(root: HTMLElement) {
    this.scroll.className = "view-scroll";
    this.scroll.append(this.canvas);
    root.append(this.scroll);
  }

  /**
   * Size the canvas to at least the box (wider or taller when the content needs it) and
   * return its 2D context, scaled so drawing uses CSS pixels.
   */
  fit(minWidth = 0, minHeight = 0): CanvasRenderingContext2D {
    const width = Math.max(200, this.scroll.clientWidth, minWidth);
    const height = Math.max(120, this.scroll.clientHeight - (minWidth > this.scroll.clientWidth ? 16 : 0), minHeight);
    const ratio = window.devicePixelRatio || 1;
    if (this.width !== width || this.height !== height || this.canvas.width !== Math.round(width * ratio)) {
      this.canvas.width = Math.round(width * ratio);
      this.canvas.height = Math.round(height * ratio);
      this.canvas.style.width = `${width}px`;
      this.canvas.style.height = `${height}px`;
      this.width = width;
      this.height = height;
    }
    const g = this.canvas.getContext("2d")!;
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.clearRect(0, 0, width, height);
    return g;
  }
}

/** Text cut to fit `room` pixels (with an ellipsis), or "" when not even that fits. */
export function fitText(g: CanvasRenderingContext2D, text: string, room: number): string {
  if (g.measureText(text).width <= room) return text;
  let lo = 0; // the longest cut known to fit (0: none)
  let hi = text.length; // a cut known not to fit
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (g.measureText(text.slice(0, mid) + "…").width <= room) lo = mid;
    else hi = mid;
  }
  return lo ? text.slice(0, lo) + "…" : "";
}
