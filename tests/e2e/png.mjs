// Minimal PNG decoder (8-bit RGB/RGBA, non-interlaced) for checking screenshots without extra packages.
import zlib from 'node:zlib';

export function decodePng(buf) {
  let off = 8, width = 0, height = 0, colorType = 0;
  const idat = [];
  while (off < buf.length) {
    const len = buf.readUInt32BE(off), type = buf.toString('latin1', off + 4, off + 8);
    const data = buf.subarray(off + 8, off + 8 + len);
    if (type === 'IHDR') { width = data.readUInt32BE(0); height = data.readUInt32BE(4); colorType = data[9]; }
    else if (type === 'IDAT') idat.push(data);
    off += 12 + len;
  }
  const bpp = colorType === 6 ? 4 : 3;
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = width * bpp, out = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y++) {
    const f = raw[y * (stride + 1)], line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= bpp ? out[y * stride + x - bpp] : 0, b = y ? out[(y - 1) * stride + x] : 0,
        c = x >= bpp && y ? out[(y - 1) * stride + x - bpp] : 0;
      let p = line[x];
      if (f === 1) p += a; else if (f === 2) p += b; else if (f === 3) p += (a + b) >> 1;
      else if (f === 4) { const pa = Math.abs(b - c), pb = Math.abs(a - c), pc = Math.abs(a + b - 2 * c); p += pa <= pb && pa <= pc ? a : pb <= pc ? b : c; }
      out[y * stride + x] = p & 255;
    }
  }
  return { width, height, bpp, pixels: out };
}

// Number of distinct colours and the standard deviation of luminance in a region: a blank canvas has ~1 colour.
export function regionStats(img, [x0, y0, w, h]) {
  const colours = new Set();
  let sum = 0, sum2 = 0, n = 0;
  for (let y = Math.max(0, Math.floor(y0)); y < Math.min(img.height, y0 + h); y++)
    for (let x = Math.max(0, Math.floor(x0)); x < Math.min(img.width, x0 + w); x++) {
      const i = (y * img.width + x) * img.bpp, r = img.pixels[i], g = img.pixels[i + 1], b = img.pixels[i + 2];
      colours.add((r << 16) | (g << 8) | b);
      const l = 0.299 * r + 0.587 * g + 0.114 * b;
      sum += l; sum2 += l * l; n++;
    }
  const mean = sum / Math.max(n, 1);
  return { colours: colours.size, std: Math.sqrt(Math.max(0, sum2 / Math.max(n, 1) - mean * mean)) };
}
