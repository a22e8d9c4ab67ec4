// Draws the app icons (a speech bubble: "someone has something to tell us") and writes them as PNGs.
//   appPackage/color.png    192x192, full-bleed accent background, white bubble (Teams "color" icon)
//   appPackage/outline.png   32x32, white bubble outline on transparent (Teams "outline" icon: white only)
//   appPackage/addin-icons/icon-{16,32,80}.png  Outlook ribbon button icons, served by the web server at
//                                               https://APP_HOST/addin/assets/icon-N.png
// Run: npx tsx scripts/make-icons.ts   (the PNGs are committed; rerun only when the design changes)
import { deflateSync } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const ACCENT_HEX = '#1F5C99';
const ACCENT: Rgb = [0x1f, 0x5c, 0x99];
const WHITE: Rgb = [255, 255, 255];
type Rgb = [number, number, number];

// ---- PNG encoding (RGBA, 8 bits per channel, filter 0 on every row) ----

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  if (rgba.length !== width * height * 4) throw new Error(`encodePng: expected ${width * height * 4} bytes, got ${rgba.length}`);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type RGBA
  const raw = Buffer.alloc(height * (width * 4 + 1));
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0; // filter: none
    Buffer.from(rgba.buffer, rgba.byteOffset + y * width * 4, width * 4).copy(raw, y * (width * 4 + 1) + 1);
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

// ---- Shapes, in a unit square (0..1), so one design renders at any size ----

type Shape = (x: number, y: number) => boolean;

function roundedRect(x0: number, y0: number, x1: number, y1: number, r: number): Shape {
  return (x, y) => {
    if (x < x0 || x > x1 || y < y0 || y > y1) return false;
    const cx = Math.min(Math.max(x, x0 + r), x1 - r);
    const cy = Math.min(Math.max(y, y0 + r), y1 - r);
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
  };
}

function triangle(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): Shape {
  const side = (px: number, py: number, qx: number, qy: number, x: number, y: number) => (qx - px) * (y - py) - (qy - py) * (x - px);
  return (x, y) => {
    const d1 = side(ax, ay, bx, by, x, y);
    const d2 = side(bx, by, cx, cy, x, y);
    const d3 = side(cx, cy, ax, ay, x, y);
    return !((d1 < 0 || d2 < 0 || d3 < 0) && (d1 > 0 || d2 > 0 || d3 > 0));
  };
}

const union = (...shapes: Shape[]): Shape => (x, y) => shapes.some((s) => s(x, y));
const minus = (a: Shape, b: Shape): Shape => (x, y) => a(x, y) && !b(x, y);

/** The bubble body plus its tail, inset by `inset` (used to cut the outline's hollow). */
function bubble(inset: number): Shape {
  const body = roundedRect(0.16 + inset, 0.2 + inset, 0.84 - inset, 0.68 - inset, 0.1 - inset / 2);
  const tail = triangle(0.3 + inset, 0.6, 0.48 - inset, 0.6, 0.26 + inset, 0.84 - inset * 1.6);
  return union(body, tail);
}

function textLines(width: number, thickness: number): Shape {
  return union(
    roundedRect(0.28, 0.32, 0.28 + width, 0.32 + thickness, thickness / 2),
    roundedRect(0.28, 0.46 - thickness / 2, 0.28 + width * 0.75, 0.46 + thickness / 2, thickness / 2),
  );
}

/** Renders `shape` with 4x4 supersampling; the coverage becomes alpha over `background` (or transparency). */
function render(size: number, shape: Shape, ink: Rgb, background?: Rgb): Uint8Array {
  const pixels = new Uint8Array(size * size * 4);
  const samples = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let hits = 0;
      for (let sy = 0; sy < samples; sy++)
        for (let sx = 0; sx < samples; sx++)
          if (shape((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size)) hits++;
      const coverage = hits / (samples * samples);
      const at = (py * size + px) * 4;
      if (background) {
        for (let c = 0; c < 3; c++) pixels[at + c] = Math.round(ink[c] * coverage + background[c] * (1 - coverage));
        pixels[at + 3] = 255;
      } else {
        [pixels[at], pixels[at + 1], pixels[at + 2]] = ink;
        pixels[at + 3] = Math.round(255 * coverage);
      }
    }
  }
  return pixels;
}

export function colorIcon(size: number): Buffer {
  return encodePng(size, size, render(size, minus(bubble(0), textLines(0.44, 0.07)), WHITE, ACCENT));
}

export function outlineIcon(size: number): Buffer {
  // Teams requires the outline icon to be white on a transparent background.
  const stroke = 2 / size;
  return encodePng(size, size, render(size, union(minus(bubble(0), bubble(stroke)), textLines(0.44, stroke)), WHITE));
}

export function writeIcons(appPackageDir: string): string[] {
  const written: [string, Buffer][] = [
    [join(appPackageDir, 'color.png'), colorIcon(192)],
    [join(appPackageDir, 'outline.png'), outlineIcon(32)],
    ...[16, 32, 80].map((n): [string, Buffer] => [join(appPackageDir, 'addin-icons', `icon-${n}.png`), colorIcon(n)]),
  ];
  mkdirSync(join(appPackageDir, 'addin-icons'), { recursive: true });
  for (const [path, png] of written) writeFileSync(path, png);
  return written.map(([path]) => path);
}

if (require.main === module) {
  for (const path of writeIcons(join(__dirname, '..', 'appPackage'))) console.log(`wrote ${path}`);
}
