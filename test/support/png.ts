/** PNG bytes for icon tests: a plain RGBA image of any size, made with node:zlib. */
import { crc32, deflateSync } from 'node:zlib';

function chunk(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** A valid `width`×`height` RGBA PNG, every pixel the same colour. */
export function makePng(width: number, height: number): Buffer {
  const rowLength = 1 + width * 4;
  const raw = Buffer.alloc(height * rowLength);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) raw.set([0x10, 0xa3, 0x7f, 0xff], y * rowLength + 1 + x * 4);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8 bits per channel, RGBA, no interlace
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** Base64 of a `size`×`size` PNG, as an add-on's `<icon>` holds it. */
export function iconBase64(size = 32): string {
  return makePng(size, size).toString('base64');
}
