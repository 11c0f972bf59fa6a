/**
 * What a photo says besides its picture — where it was taken (EXIF GPS), the phone's make, model
 * and serial, the owner's name, the editing software, a thumbnail of the uncropped original — is
 * removed before the photo is kept or hashed (issue 25): a reporter's photo must not locate their
 * home nor name their phone. Only what the picture needs to be shown right is kept: JPEG's JFIF,
 * ICC colour profile, Adobe colour transform, tables and image data, and its orientation (written
 * back as a 34-byte EXIF holding that tag alone, else portrait photos would show on their side);
 * PNG's image and colour chunks; WebP's image, colour profile and animation.
 *
 * HEIC (a photo straight from an iPhone): its EXIF and XMP items are blanked in place (zeros, the
 * file's layout unchanged; its orientation is a property of the image there, not EXIF). GIF
 * carries no EXIF and is kept as it came.
 */
export function stripPhotoMetadata(body: Buffer, contentType: string): Buffer {
  if (contentType === "image/jpeg") return stripJpeg(body);
  if (contentType === "image/png") return stripPng(body);
  if (contentType === "image/webp") return stripWebp(body);
  if (contentType === "image/heic") return blankHeifMetadata(body);
  return body;
}

const ascii = (b: Buffer, from: number, to: number) => b.subarray(from, Math.min(to, b.length)).toString("latin1");

// JPEG ----------------------------------------------------------------------------------------

const isRst = (m: number) => m >= 0xd0 && m <= 0xd7;

/** Whether a marker segment is kept: everything but APP1 (EXIF, XMP), APP3–APP13 and APP15 (IPTC, maker data), comments, and APP2 other than ICC. */
function keepJpegSegment(marker: number, segment: Buffer): boolean {
  if (marker === 0xfe) return false;
  if (marker === 0xe2) return ascii(segment, 4, 16) === "ICC_PROFILE\0";
  if (marker >= 0xe1 && marker <= 0xef) return marker === 0xee;
  return true;
}

/**
 * Walk the markers; image data (after SOS, or anything that is not a marker where one is due) is
 * copied up to the next real marker, so a damaged or unusual file loses its metadata segments all
 * the same and keeps its picture bytes. Nothing after the end of image (EOI) is kept: phones append
 * a second picture or their own records there.
 */
function stripJpeg(b: Buffer): Buffer {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8) return b;
  const out: Buffer[] = [b.subarray(0, 2)];
  let orientation: number | null = null;
  let i = 2;
  let inData = false;
  while (i < b.length) {
    if (inData) {
      let k = i;
      while (k < b.length - 1 && !(b[k] === 0xff && b[k + 1] !== 0x00 && b[k + 1] !== 0xff && !isRst(b[k + 1]!))) k++;
      if (k >= b.length - 1) k = b.length;
      out.push(b.subarray(i, k));
      i = k;
      inData = false;
      continue;
    }
    const marker = b[i + 1];
    if (b[i] !== 0xff || marker === undefined || marker === 0x00) {
      inData = true;
      continue;
    }
    if (marker === 0xff) {
      i++;
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || isRst(marker)) {
      out.push(b.subarray(i, i + 2));
      i += 2;
      continue;
    }
    if (marker === 0xd9) {
      out.push(b.subarray(i, i + 2));
      break;
    }
    const length = i + 4 <= b.length ? b.readUInt16BE(i + 2) : 0;
    const end = i + 2 + length;
    if (length < 2 || end > b.length) {
      // Cut short: kept as it is unless it is metadata.
      if (keepJpegSegment(marker, b.subarray(i))) out.push(b.subarray(i));
      break;
    }
    const segment = b.subarray(i, end);
    if (marker === 0xe1 && orientation === null) orientation = exifOrientation(segment.subarray(4));
    if (keepJpegSegment(marker, segment)) out.push(segment);
    i = end;
    if (marker === 0xda) inData = true;
  }
  if (orientation !== null && orientation !== 1) {
    // After SOI and a JFIF APP0, where readers look for it.
    const at = out[1] && out[1][1] === 0xe0 ? 2 : 1;
    out.splice(at, 0, orientationOnlyExif(orientation));
  }
  return Buffer.concat(out);
}

/** The orientation tag (0x0112) of IFD0 in an EXIF payload ("Exif\0\0" + TIFF), or null. */
export function exifOrientation(payload: Buffer): number | null {
  if (ascii(payload, 0, 6) !== "Exif\0\0") return null;
  const tiff = payload.subarray(6);
  if (tiff.length < 8) return null;
  const order = ascii(tiff, 0, 2);
  if (order !== "II" && order !== "MM") return null;
  const le = order === "II";
  const u16 = (o: number) => (o + 2 <= tiff.length ? (le ? tiff.readUInt16LE(o) : tiff.readUInt16BE(o)) : null);
  const u32 = (o: number) => (o + 4 <= tiff.length ? (le ? tiff.readUInt32LE(o) : tiff.readUInt32BE(o)) : null);
  const ifd = u32(4);
  const count = ifd === null ? null : u16(ifd);
  if (ifd === null || count === null) return null;
  for (let e = 0; e < count; e++) {
    const at = ifd + 2 + e * 12;
    if (u16(at) === 0x0112 && u16(at + 2) === 3) {
      const v = u16(at + 8);
      return v !== null && v >= 1 && v <= 8 ? v : null;
    }
  }
  return null;
}

/** An APP1 segment whose EXIF holds the orientation and nothing else. */
function orientationOnlyExif(orientation: number): Buffer {
  const tiff = Buffer.alloc(26);
  tiff.write("MM", 0, "latin1");
  tiff.writeUInt16BE(42, 2);
  tiff.writeUInt32BE(8, 4);
  tiff.writeUInt16BE(1, 8);
  tiff.writeUInt16BE(0x0112, 10);
  tiff.writeUInt16BE(3, 12);
  tiff.writeUInt32BE(1, 14);
  tiff.writeUInt16BE(orientation, 18);
  // Bytes 20–21 pad the value; 22–25: no next IFD.
  const payload = Buffer.concat([Buffer.from("Exif\0\0", "latin1"), tiff]);
  const head = Buffer.from([0xff, 0xe1, 0, 0]);
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([head, payload]);
}

// PNG -----------------------------------------------------------------------------------------

/** Text (author, software, comments, XMP), EXIF and the modification time. */
const PNG_METADATA = new Set(["eXIf", "tEXt", "iTXt", "zTXt", "tIME"]);

function stripPng(b: Buffer): Buffer {
  const out: Buffer[] = [b.subarray(0, 8)];
  let i = 8;
  while (i + 12 <= b.length) {
    const length = b.readUInt32BE(i);
    const type = ascii(b, i + 4, i + 8);
    const end = i + 12 + length;
    if (end > b.length) {
      if (!PNG_METADATA.has(type)) out.push(b.subarray(i));
      return Buffer.concat(out);
    }
    if (!PNG_METADATA.has(type)) out.push(b.subarray(i, end));
    i = end;
    if (type === "IEND") return Buffer.concat(out);
  }
  out.push(b.subarray(i));
  return Buffer.concat(out);
}

// WebP ----------------------------------------------------------------------------------------

const VP8X_EXIF = 0x08;
const VP8X_XMP = 0x04;

function stripWebp(b: Buffer): Buffer {
  if (b.length < 12) return b;
  const chunks: Buffer[] = [];
  let i = 12;
  const riffEnd = Math.min(b.length, 8 + b.readUInt32LE(4));
  while (i + 8 <= riffEnd) {
    const type = ascii(b, i, i + 4);
    const size = b.readUInt32LE(i + 4);
    const end = Math.min(riffEnd, i + 8 + size + (size % 2));
    if (type !== "EXIF" && type !== "XMP ") {
      const chunk = Buffer.from(b.subarray(i, end));
      if (type === "VP8X" && chunk.length > 8) chunk[8] = chunk[8]! & ~(VP8X_EXIF | VP8X_XMP);
      chunks.push(chunk);
    }
    i = end;
  }
  const body = Buffer.concat(chunks);
  const head = Buffer.from(b.subarray(0, 12));
  head.writeUInt32LE(body.length + 4, 4);
  return Buffer.concat([head, body]);
}

// HEIC (ISO base media file) -----------------------------------------------------------------

interface Box {
  type: string;
  /** Where its content starts (after size and type) and where the box ends. */
  body: number;
  end: number;
}

function* boxes(b: Buffer, from: number, to: number): Generator<Box> {
  let i = from;
  while (i + 8 <= to) {
    let size = b.readUInt32BE(i);
    let body = i + 8;
    if (size === 1) {
      if (i + 16 > to) return;
      size = Number(b.readBigUInt64BE(i + 8));
      body = i + 16;
    } else if (size === 0) size = to - i;
    if (size < body - i || i + size > to) return;
    yield { type: ascii(b, i + 4, i + 8), body, end: i + size };
    i += size;
  }
}

/** The ids of the items that are metadata: `Exif`, and `mime` items of XMP. */
function metadataItems(b: Buffer, iinf: Box): Set<number> {
  const ids = new Set<number>();
  const version = b[iinf.body]!;
  const first = iinf.body + 4 + (version === 0 ? 2 : 4);
  for (const infe of boxes(b, first, iinf.end)) {
    if (infe.type !== "infe") continue;
    const v = b[infe.body]!;
    if (v < 2) continue;
    let at = infe.body + 4;
    const id = v === 2 ? b.readUInt16BE(at) : b.readUInt32BE(at);
    at += (v === 2 ? 2 : 4) + 2;
    const type = ascii(b, at, at + 4);
    if (type === "Exif") ids.add(id);
    else if (type === "mime") {
      const [, contentType = ""] = ascii(b, at + 4, infe.end).split("\0");
      if (contentType.includes("rdf+xml")) ids.add(id);
    }
  }
  return ids;
}

/** The file extents (start, end) of the items `ids`, from an `iloc` box. */
function extentsOf(b: Buffer, iloc: Box, ids: Set<number>): [number, number][] {
  const v = b[iloc.body]!;
  let at = iloc.body + 4;
  const offsetSize = b[at]! >> 4;
  const lengthSize = b[at]! & 0x0f;
  const baseSize = b[at + 1]! >> 4;
  const indexSize = v === 1 || v === 2 ? b[at + 1]! & 0x0f : 0;
  at += 2;
  const read = (n: number) => {
    if (at + n > iloc.end) throw new RangeError("iloc cut short");
    const value = n === 0 ? 0 : n === 4 ? b.readUInt32BE(at) : n === 8 ? Number(b.readBigUInt64BE(at)) : n === 2 ? b.readUInt16BE(at) : NaN;
    at += n;
    return value;
  };
  const found: [number, number][] = [];
  const count = read(v < 2 ? 2 : 4);
  for (let item = 0; item < count; item++) {
    const id = read(v < 2 ? 2 : 4);
    const method = v === 1 || v === 2 ? read(2) & 0x0f : 0;
    const dataReference = read(2);
    const base = read(baseSize);
    const extents = read(2);
    for (let e = 0; e < extents; e++) {
      read(indexSize);
      const offset = read(offsetSize);
      const length = read(lengthSize);
      // In the file itself (method 0, this file), with a length: other kinds hold no bytes of their own here.
      if (ids.has(id) && method === 0 && dataReference === 0 && length > 0) found.push([base + offset, base + offset + length]);
    }
  }
  return found;
}

function blankHeifMetadata(b: Buffer): Buffer {
  const meta = [...boxes(b, 0, b.length)].find((x) => x.type === "meta");
  if (!meta) return b;
  const children = [...boxes(b, meta.body + 4, meta.end)];
  const iinf = children.find((x) => x.type === "iinf");
  const iloc = children.find((x) => x.type === "iloc");
  if (!iinf || !iloc) return b;
  let extents: [number, number][];
  try {
    extents = extentsOf(b, iloc, metadataItems(b, iinf));
  } catch {
    return b;
  }
  if (!extents.length) return b;
  const out = Buffer.from(b);
  for (const [from, to] of extents) if (from >= 0 && from < to && to <= out.length) out.fill(0, from, to);
  return out;
}
