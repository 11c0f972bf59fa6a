/**
 * A JPEG as a phone writes it, made here (no image is stored in the repo): JFIF, an EXIF block
 * with the phone's make and model, an orientation and a GPS position, an XMP packet, a comment,
 * then the picture's tables and (made-up) image data with byte stuffing and a restart marker, and
 * a trailer after the end of image. Its picture bytes are what a stripper must keep.
 */
export const SAMPLE_GPS = { make: "PhoneCo", model: "Galaxy Z9 SN-44910273", latitude: [21, 1, 42] as const };

const segment = (marker: number, payload: Buffer) => {
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([head, payload]);
};

/** TIFF (little-endian) with IFD0 {Make, Model, Orientation, GPS pointer} and a GPS IFD {LatitudeRef, Latitude}. */
function exifPayload(orientation: number): Buffer {
  const make = Buffer.from(`${SAMPLE_GPS.make}\0`, "latin1");
  const model = Buffer.from(`${SAMPLE_GPS.model}\0`, "latin1");
  const ifd0At = 8;
  const ifd0Size = 2 + 4 * 12 + 4;
  const makeAt = ifd0At + ifd0Size;
  const modelAt = makeAt + make.length;
  const gpsAt = modelAt + model.length;
  const gpsSize = 2 + 2 * 12 + 4;
  const latAt = gpsAt + gpsSize;
  const t = Buffer.alloc(latAt + 24);
  t.write("II", 0, "latin1");
  t.writeUInt16LE(42, 2);
  t.writeUInt32LE(ifd0At, 4);
  t.writeUInt16LE(4, ifd0At);
  const entry = (at: number, tag: number, type: number, count: number, value: number) => {
    t.writeUInt16LE(tag, at);
    t.writeUInt16LE(type, at + 2);
    t.writeUInt32LE(count, at + 4);
    if (type === 3) t.writeUInt16LE(value, at + 8);
    else t.writeUInt32LE(value, at + 8);
  };
  entry(ifd0At + 2, 0x010f, 2, make.length, makeAt);
  entry(ifd0At + 14, 0x0110, 2, model.length, modelAt);
  entry(ifd0At + 26, 0x0112, 3, 1, orientation);
  entry(ifd0At + 38, 0x8825, 4, 1, gpsAt);
  make.copy(t, makeAt);
  model.copy(t, modelAt);
  t.writeUInt16LE(2, gpsAt);
  entry(gpsAt + 2, 0x0001, 2, 2, 0x4e); // "N"
  entry(gpsAt + 14, 0x0002, 5, 3, latAt);
  SAMPLE_GPS.latitude.forEach((v, i) => {
    t.writeUInt32LE(v, latAt + i * 8);
    t.writeUInt32LE(1, latAt + i * 8 + 4);
  });
  return Buffer.concat([Buffer.from("Exif\0\0", "latin1"), t]);
}

/** The picture's own segments and data: what must survive stripping, byte for byte. */
export const JPEG_PICTURE = Buffer.concat([
  segment(0xdb, Buffer.concat([Buffer.from([0]), Buffer.alloc(64, 3)])),
  segment(0xc0, Buffer.from([8, 0, 8, 0, 8, 1, 1, 0x11, 0])),
  segment(0xc4, Buffer.concat([Buffer.from([0]), Buffer.alloc(16, 0), Buffer.from([1])])),
  segment(0xda, Buffer.from([1, 1, 0, 0, 0x3f, 0])),
  Buffer.from([0x12, 0xff, 0x00, 0x34, 0xff, 0xd0, 0x56, 0x78, 0xff, 0xff, 0xd9]),
]);

export function jpegWithGps(orientation = 6): Buffer {
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    segment(0xe0, Buffer.from("JFIF\0\x01\x01\0\0\x01\0\x01\0\0", "latin1")),
    segment(0xe1, exifPayload(orientation)),
    segment(
      0xe1,
      Buffer.from(`http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><exif:GPSLatitude>21,1.7N</exif:GPSLatitude></x:xmpmeta>`, "latin1"),
    ),
    segment(0xed, Buffer.from("Photoshop 3.0\0 IPTC by-line: Nguyen Van Binh", "latin1")),
    segment(0xfe, Buffer.from("Chụp tại nhà ông Bình", "utf8")),
    JPEG_PICTURE,
    Buffer.from("SEFT trailer: Galaxy Z9 location 21.0285,105.8542", "latin1"),
  ]);
}
