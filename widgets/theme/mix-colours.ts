/**
 * Colour arithmetic for canvas drawing (uPlot), where CSS's color-mix() cannot reach: parse any
 * CSS colour through a 2D context and mix two of them in sRGB, as color-mix(in srgb) does.
 */

let parser: CanvasRenderingContext2D | null = null;

export function rgbOf(colour: string): [number, number, number] {
  parser ??= document.createElement('canvas').getContext('2d');
  if (!parser) return [128, 128, 128];
  parser.fillStyle = '#808080';
  parser.fillStyle = colour;
  const hex = /^#([0-9a-f]{6})$/i.exec(String(parser.fillStyle));
  if (!hex) {
    const rgb = /rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(String(parser.fillStyle));
    return rgb ? [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])] : [128, 128, 128];
  }
  const n = Number.parseInt(hex[1]!, 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** `from` moved the fraction `amount` of the way towards `towards`, as `rgb(r g b)`. */
export function mixColours(from: string, towards: string, amount: number): string {
  const a = rgbOf(from);
  const b = rgbOf(towards);
  const mix = (i: 0 | 1 | 2) => Math.round(a[i] + (b[i] - a[i]) * amount);
  return `rgb(${mix(0)} ${mix(1)} ${mix(2)})`;
}
