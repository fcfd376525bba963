/**
 * Lanes of spans painted as pixel columns into one image per frame. A lane zoomed out on a
 * busy trace is a thousand runs of one pixel or so (span_runs.ts); drawing each with its own
 * fillRect cost more than everything else in a frame (about a hundred thousand canvas calls
 * for a hundred lanes). Here a lane is one state per pixel column (lane_columns.ts) written
 * into a Uint32Array of RGBA pixels: its first pixel row column by column, the rest of its
 * band copied from that row,
 * and the whole image goes to the canvas in two calls (putImageData onto a scratch canvas,
 * drawImage onto the view, which keeps what is drawn under it where no span is).
 *
 * LanePixels is the pure part (pixels in, pixels out: unit-tested); LaneRaster adds the
 * canvas it is shown through.
 */
/**
 * A CSS colour "#rrggbb" as one pixel of an ImageData seen as a Uint32Array (little-endian
 * RGBA), with opacity `alpha` (0..1); anything else (e.g. "transparent") is 0. ImageData is
 * not premultiplied: drawImage blends it as fillStyle with globalAlpha would.
 */
export function pixelOf(colour: string, alpha = 1): number {
  const m = /^#([0-9a-f]{6})$/i.exec(colour);
  if (!m) return 0;
  const rgb = parseInt(m[1], 16);
  const a = Math.round(Math.max(0, Math.min(1, alpha)) * 255);
  return ((a << 24) | ((rgb & 0xff) << 16) | (rgb & 0xff00) | (rgb >> 16)) >>> 0;
}

/** An image of `width` x `height` device pixels, all transparent, that lanes are painted into. */
export class LanePixels {
  readonly pixels: Uint32Array;

  constructor(
    readonly width: number,
    readonly height: number,
    buffer?: ArrayBuffer,
  ) {
    this.pixels = new Uint32Array(buffer ?? new ArrayBuffer(width * height * 4), 0, width * height);
    this.pixels.fill(0);
  }

  /**
   * Paint one lane: column c of device rows [top, top + rows) gets `colours[states[c]]`
   * (0 leaves it transparent), for the first `width` columns. The lane's first row is
   * written column by column, the others are copies of it.
   */
  paintLane(states: Uint8Array, colours: Uint32Array, top: number, rows: number): void {
    const { width, pixels } = this;
    const first = Math.max(0, top);
    const end = Math.min(this.height, top + rows);
    if (end <= first) return;
    const row = first * width;
    for (let c = 0; c < width; c++) pixels[row + c] = colours[states[c]];
    for (let y = first + 1; y < end; y++) pixels.copyWithin(y * width, row, row + width);
  }

  /**
   * Paint one lane standing up (the sequence chart's lifelines): row r of the first
   * `height` rows gets `colours[states[r]]` over columns [centre - half, centre + half),
   * `half = halfWidths[states[r]]` (0 or colour 0: nothing).
   */
  paintLifeline(states: Uint8Array, colours: Uint32Array, centre: number, halfWidths: Uint8Array): void {
    const { width, height, pixels } = this;
    for (let r = 0; r < height; r++) {
      const code = states[r];
      const pixel = colours[code];
      const half = halfWidths[code];
      if (pixel === 0 || half === 0) continue;
      const c0 = Math.max(0, centre - half);
      const c1 = Math.min(width, centre + half);
      if (c1 > c0) pixels.fill(pixel, r * width + c0, r * width + c1);
    }
  }
}

/** LanePixels shown through a scratch canvas, reused from frame to frame. */
export class LaneRaster {
  private readonly scratch = document.createElement("canvas");
  private image: ImageData | undefined;

  /** A cleared image of width x height device pixels to paint this frame's lanes into. */
  begin(width: number, height: number): LanePixels {
    width = Math.max(1, Math.round(width));
    height = Math.max(1, Math.round(height));
    if (!this.image || this.image.width !== width || this.image.height !== height) {
      this.image = new ImageData(width, height);
      this.scratch.width = width;
      this.scratch.height = height;
    }
    return new LanePixels(width, height, this.image.data.buffer as ArrayBuffer);
  }

  /** Draw the painted image onto `g` at CSS pixel (x, y), `cssWidth` x `cssHeight` CSS pixels. */
  drawOnto(g: CanvasRenderingContext2D, x: number, y: number, cssWidth: number, cssHeight: number): void {
    if (!this.image) return;
    this.scratch.getContext("2d")!.putImageData(this.image, 0, 0);
    g.drawImage(this.scratch, x, y, cssWidth, cssHeight);
  }
}
