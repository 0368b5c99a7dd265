// Draws the 32x32 PNG icons of the steps (src/steps/<add-on>/icon.png) from the glyphs below.
// `node build/make-icons.mjs` draws them all, `node build/make-icons.mjs <add-on>…` those named.
// `qaddon new <add-on>` adds a glyph for the new step (a pattern of its name, identicon()) and
// draws it; redraw it as a glyph that says what the step does. The icons are committed; the
// build only reads them, and refuses a step whose icon is byte for byte another step's.
import { createHash } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZE = 32;
const BACKGROUND = [0x10, 0xa3, 0x7f]; // a green close to OpenAI's
const FOREGROUND = [0xff, 0xff, 0xff];

/** Glyphs: (x, y) in pixel centres → coverage 0..1 of the white mark. */
const glyphs = {
  // a stop sign's bar across a circle: "cancel"
  'openai-ftjob-cancel': (x, y) => {
    const d = Math.hypot(x - 16, y - 16);
    const ring = d > 8.5 && d < 11.5;
    const bar = Math.abs((x - 16) - -(y - 16)) < 2.2 && d < 11.5;
    return ring || bar ? 1 : 0;
  },
  // a plus: "create"
  'openai-ftjob-create': (x, y) => ((Math.abs(x - 16) < 2.2 && Math.abs(y - 16) < 10) || (Math.abs(y - 16) < 2.2 && Math.abs(x - 16) < 10) ? 1 : 0),
  // a clock face with its hands at three: "wait"
  'openai-ftjob-wait': (x, y) => {
    const d = Math.hypot(x - 16, y - 16);
    const ring = d > 8.8 && d < 11.5;
    const hourHand = Math.abs(x - 16) < 1.6 && y > 9.5 && y < 17.2;
    const minuteHand = Math.abs(y - 16) < 1.6 && x > 14.8 && x < 21.5;
    return ring || hourHand || minuteHand ? 1 : 0;
  },
  // an arrow up onto a bar: "upload"
  'openai-file-upload': (x, y) => {
    const bar = y > 22 && y < 25.5 && Math.abs(x - 16) < 10;
    const shaft = Math.abs(x - 16) < 2.2 && y > 10 && y < 20.5;
    const head = y > 5.5 && y <= 13 && Math.abs(x - 16) < (y - 5.5) * 1.1;
    return bar || shaft || head ? 1 : 0;
  },
  // qaddon new adds glyphs above this line
};

/**
 * A glyph of its own for a step that has none drawn yet: a 5x5 pattern, mirrored left to right,
 * of 4-pixel squares, taken from the SHA-256 of the step's name (so two names get two patterns).
 */
function identicon(name) {
  const bits = createHash('sha256').update(name).digest();
  const on = (column, row) => (bits[row * 3 + Math.min(column, 4 - column)] & 1) === 1;
  return (x, y) => {
    const column = Math.floor((x - 6) / 4);
    const row = Math.floor((y - 6) / 4);
    return column >= 0 && column < 5 && row >= 0 && row < 5 && on(column, row) ? 1 : 0;
  };
}

/** Inside a square with rounded corners (radius 6)? Antialiased by 4x4 supersampling. */
function coverage(test, px, py) {
  let hits = 0;
  for (let sy = 0; sy < 4; sy++) for (let sx = 0; sx < 4; sx++) hits += test(px + (sx + 0.5) / 4, py + (sy + 0.5) / 4);
  return hits / 16;
}

function roundedSquare(x, y) {
  const r = 6;
  const cx = Math.min(Math.max(x, r), SIZE - r);
  const cy = Math.min(Math.max(y, r), SIZE - r);
  return Math.hypot(x - cx, y - cy) <= r ? 1 : 0;
}

function crc32(bytes) {
  let crc = ~0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

function png(glyph) {
  const raw = Buffer.alloc(SIZE * (1 + SIZE * 4));
  for (let y = 0; y < SIZE; y++) {
    raw[y * (1 + SIZE * 4)] = 0; // filter: none
    for (let x = 0; x < SIZE; x++) {
      const alpha = coverage(roundedSquare, x, y);
      const mark = coverage(glyph, x, y);
      const offset = y * (1 + SIZE * 4) + 1 + x * 4;
      for (let c = 0; c < 3; c++) raw[offset + c] = Math.round(BACKGROUND[c] * (1 - mark) + FOREGROUND[c] * mark);
      raw[offset + 3] = Math.round(alpha * 255);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(SIZE, 0);
  header.writeUInt32BE(SIZE, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8 bits, RGBA
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

const only = process.argv.slice(2);
const missing = only.filter((name) => !(name in glyphs));
if (missing.length > 0) {
  for (const name of missing) {
    console.error(
      `make-icons: no glyph for '${name}' in build/make-icons.mjs. Add one to its glyphs object: ` +
        `'${name}': (x, y) => (coverage of the white mark at pixel centre x, y in 0..32: 0 to 1), ` +
        `like the others, or '${name}': identicon('${name}') for a pattern of the name; then run this again.`,
    );
  }
  process.exit(1);
}
for (const [name, glyph] of Object.entries(glyphs)) {
  if (only.length > 0 && !only.includes(name)) continue;
  const folder = `src/steps/${name}`;
  if (!existsSync(folder)) {
    console.error(`make-icons: ${folder} does not exist (run \`npx qaddon new ${name}\` first)`);
    process.exit(1);
  }
  const file = `${folder}/icon.png`;
  writeFileSync(file, png(glyph));
  console.log(`wrote ${file}`);
}
