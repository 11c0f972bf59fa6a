import QRCode from "qrcode";

/**
 * The link code as a QR code (an SVG data URL) for the admin page: the officer scans it with the
 * phone's camera and gets `#dangky CODE` to paste to the OA, instead of typing ten letters.
 */
export async function linkQr(code: string): Promise<string> {
  const svg = await QRCode.toString(`#dangky ${code}`, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
  return `data:image/svg+xml;base64,${Buffer.from(svg, "utf8").toString("base64")}`;
}
