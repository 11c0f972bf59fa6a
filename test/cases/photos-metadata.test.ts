import { expect } from "chai";
import { crc32 } from "node:zlib";
import { exifOrientation, stripPhotoMetadata } from "../../src/cases/photos-metadata.js";
import { JPEG_PICTURE, jpegWithGps, SAMPLE_GPS } from "../support/sample-jpeg.js";
import { samplePng } from "../support/sample-png.js";

/** Every APP1 payload of a JPEG (walking the segments up to the image data). */
function app1Payloads(jpeg: Buffer): Buffer[] {
  const found: Buffer[] = [];
  let i = 2;
  while (i + 4 <= jpeg.length && jpeg[i] === 0xff && jpeg[i + 1] !== 0xda) {
    const end = i + 2 + jpeg.readUInt16BE(i + 2);
    if (jpeg[i + 1] === 0xe1) found.push(jpeg.subarray(i + 4, end));
    i = end;
  }
  return found;
}

const pngChunk = (type: string, data: Buffer) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
};

const riffChunk = (type: string, data: Buffer) => {
  const head = Buffer.alloc(8);
  head.write(type, 0, "latin1");
  head.writeUInt32LE(data.length, 4);
  return Buffer.concat([head, data, data.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0)]);
};
const webp = (...chunks: Buffer[]) => {
  const body = Buffer.concat([Buffer.from("WEBP", "latin1"), ...chunks]);
  const head = Buffer.from("RIFF\0\0\0\0", "latin1");
  head.writeUInt32LE(body.length, 4);
  return Buffer.concat([head, body]);
};

describe("photo metadata stripped before a photo is kept (issue 25)", () => {
  it("JPEG: EXIF (GPS, make, model), XMP, IPTC, comments and trailers go; the picture and its orientation stay", () => {
    const original = jpegWithGps(6);
    expect(original.includes(Buffer.from(SAMPLE_GPS.model))).to.equal(true);
    const kept = stripPhotoMetadata(original, "image/jpeg");
    for (const gone of [SAMPLE_GPS.make, SAMPLE_GPS.model, "GPSLatitude", "Nguyen Van Binh", "SEFT", "105.8542", "Photoshop"])
      expect(kept.includes(Buffer.from(gone, "latin1")), gone).to.equal(false);
    expect(kept.includes(Buffer.from("Chụp tại", "utf8"))).to.equal(false);
    // No GPS IFD pointer (0x8825) nor the latitude's rationals anywhere.
    const exif = app1Payloads(kept);
    expect(exif).to.have.length(1);
    expect(exif[0]!.length).to.equal(32);
    expect(exif[0]!.includes(Buffer.from([0x88, 0x25]))).to.equal(false);
    expect(exif[0]!.includes(Buffer.from([0x25, 0x88]))).to.equal(false);
    expect(exifOrientation(exif[0]!)).to.equal(6);
    // Starts with SOI and JFIF, ends with the picture exactly.
    expect(kept.subarray(0, 4)).to.deep.equal(Buffer.from([0xff, 0xd8, 0xff, 0xe0]));
    expect(kept.subarray(kept.length - JPEG_PICTURE.length)).to.deep.equal(JPEG_PICTURE);
    // Stripping again changes nothing; an upright photo keeps no EXIF at all.
    expect(stripPhotoMetadata(kept, "image/jpeg")).to.deep.equal(kept);
    expect(app1Payloads(stripPhotoMetadata(jpegWithGps(1), "image/jpeg"))).to.deep.equal([]);
  });

  it("JPEG: a file that is not well formed keeps its bytes, losing only metadata segments found in it", () => {
    const odd = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]), Buffer.alloc(64, 9)]);
    expect(stripPhotoMetadata(odd, "image/jpeg")).to.deep.equal(odd);
    const cut = jpegWithGps().subarray(0, 40);
    expect(stripPhotoMetadata(cut, "image/jpeg").includes(Buffer.from("Exif"))).to.equal(false);
  });

  it("PNG: eXIf, tEXt, iTXt, zTXt and tIME chunks go; the image chunks stay", () => {
    const png = samplePng(4, 4);
    const iend = png.length - 12;
    const withText = Buffer.concat([
      png.subarray(0, 33),
      pngChunk("tEXt", Buffer.from("Author\0Nguyen Van Binh", "latin1")),
      pngChunk("eXIf", Buffer.from(`MM\0*${SAMPLE_GPS.model}`, "latin1")),
      pngChunk("iTXt", Buffer.from("XML:com.adobe.xmp\0\0\0\0\0<gps/>", "latin1")),
      pngChunk("zTXt", Buffer.from("Comment\0\0x", "latin1")),
      pngChunk("tIME", Buffer.from([7, 234, 12, 7, 10, 0, 0])),
      png.subarray(33, iend),
      png.subarray(iend),
      Buffer.from("after the end", "latin1"),
    ]);
    expect(stripPhotoMetadata(withText, "image/png")).to.deep.equal(png);
  });

  it("WebP: EXIF and XMP chunks go, their flags are cleared and the RIFF size follows", () => {
    const vp8x = Buffer.from([0x0c, 0, 0, 0, 3, 0, 0, 3, 0, 0]);
    const image = riffChunk("VP8 ", Buffer.alloc(21, 5));
    const original = webp(
      riffChunk("VP8X", vp8x),
      riffChunk("EXIF", Buffer.from(`MM\0*${SAMPLE_GPS.model}`, "latin1")),
      image,
      riffChunk("XMP ", Buffer.from("<gps/>")),
    );
    const expected = webp(riffChunk("VP8X", Buffer.from([0x00, 0, 0, 0, 3, 0, 0, 3, 0, 0])), image);
    expect(stripPhotoMetadata(original, "image/webp")).to.deep.equal(expected);
  });

  it("HEIC: the EXIF and XMP items are blanked in place, the image item and the layout untouched", () => {
    const box = (type: string, ...parts: Buffer[]) => {
      const body = Buffer.concat(parts);
      const head = Buffer.alloc(8);
      head.writeUInt32BE(body.length + 8);
      head.write(type, 4, "latin1");
      return Buffer.concat([head, body]);
    };
    const full = (version: number) => Buffer.from([version, 0, 0, 0]);
    const u16 = (n: number) => Buffer.from([n >> 8, n & 0xff]);
    const u32 = (n: number) => {
      const b = Buffer.alloc(4);
      b.writeUInt32BE(n);
      return b;
    };
    const infe = (id: number, type: string, extra = "") =>
      box("infe", full(2), u16(id), u16(0), Buffer.from(type, "latin1"), Buffer.from(`\0${extra}`, "latin1"));
    const image = Buffer.alloc(40, 0x5a);
    const exif = Buffer.concat([u32(0), Buffer.from(`MM\0*${SAMPLE_GPS.model} GPS 21.0285N`, "latin1")]);
    const xmp = Buffer.from("<x:xmpmeta><exif:GPSLatitude>21,1.7N</exif:GPSLatitude></x:xmpmeta>", "latin1");
    const build = (mdatAt: number) => {
      const iloc = box(
        "iloc",
        full(0),
        Buffer.from([0x44, 0x00]),
        u16(3),
        ...[
          [1, 0, image.length],
          [2, image.length, exif.length],
          [3, image.length + exif.length, xmp.length],
        ].map(([id, offset, length]) => Buffer.concat([u16(id!), u16(0), u16(1), u32(mdatAt + 8 + offset!), u32(length!)])),
      );
      const meta = box(
        "meta",
        full(0),
        box("hdlr", full(0), u32(0), Buffer.from("pict", "latin1"), Buffer.alloc(13)),
        box("iinf", full(0), u16(3), infe(1, "hvc1"), infe(2, "Exif"), infe(3, "mime", "application/rdf+xml")),
        iloc,
      );
      const ftyp = box("ftyp", Buffer.from("heic\0\0\0\0mif1heic", "latin1"));
      return { head: Buffer.concat([ftyp, meta]), mdat: box("mdat", image, exif, xmp) };
    };
    // The item locations are absolute: built once for the length of what comes before the data.
    const { head, mdat } = build(build(0).head.length);
    const heic = Buffer.concat([head, mdat]);
    expect(heic.includes(Buffer.from(SAMPLE_GPS.model))).to.equal(true);
    const kept = stripPhotoMetadata(heic, "image/heic");
    expect(kept.length).to.equal(heic.length);
    for (const gone of [SAMPLE_GPS.model, "GPSLatitude", "21.0285"]) expect(kept.includes(Buffer.from(gone)), gone).to.equal(false);
    const imageAt = head.length + 8;
    expect(kept.subarray(imageAt, imageAt + image.length)).to.deep.equal(image);
    expect(kept.subarray(0, head.length)).to.deep.equal(head);
    expect(kept.subarray(imageAt + image.length)).to.deep.equal(Buffer.alloc(exif.length + xmp.length));
  });

  it("leaves GIF as it is", () => {
    const gif = Buffer.from("GIF89a\x01\0\x01\0\0\0\0;", "latin1");
    expect(stripPhotoMetadata(gif, "image/gif")).to.equal(gif);
  });
});
