/**
 * A small streaming CSV reader (RFC 4180): comma separator, double-quoted fields with `""`
 * escapes and embedded commas or newlines, CRLF or LF, optional UTF-8 BOM. It holds one record
 * at a time, so memory stays flat whatever the file size.
 */

// A runaway quoted field (a missing closing quote) must not swallow a whole file into memory.
const MAX_FIELD = 65_536;

export interface CsvRecord {
  /** Physical line (1-based) where the record starts — what a spreadsheet shows. */
  line: number;
  fields: string[];
  /** Set when the quoting is broken; the fields are a best effort. */
  error?: string;
}

/** Records of a CSV text stream (Buffers are decoded as UTF-8 across chunk boundaries). */
export async function* readCsv(source: AsyncIterable<Buffer | Uint8Array | string>): AsyncGenerator<CsvRecord> {
  const decoder = new TextDecoder("utf-8");
  let line = 1;
  let recordLine = 1;
  let fields: string[] = [];
  let field = "";
  let inQuotes = false;
  let afterQuote = false; // just closed a quoted field: only a separator may follow
  let fieldStarted = false;
  let error: string | undefined;
  let pendingCR = false;
  let quoteAtChunkEnd = false;
  let first = true;

  const endRecord = (): CsvRecord | null => {
    fields.push(field);
    const rec: CsvRecord = { line: recordLine, fields, ...(error ? { error } : {}) };
    fields = [];
    field = "";
    fieldStarted = false;
    afterQuote = false;
    error = undefined;
    // A blank line is no record.
    return rec.fields.length === 1 && rec.fields[0] === "" && !rec.error ? null : rec;
  };

  const chunks = (async function* () {
    for await (const chunk of source) yield typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true });
    const tail = decoder.decode();
    if (tail) yield tail;
  })();

  for await (let text of chunks) {
    if (first && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    let out: CsvRecord[] | null = null;
    for (let i = 0; i < text.length; i++) {
      const c = text[i]!;
      if (pendingCR) {
        pendingCR = false;
        if (c === "\n") continue; // the LF of a CRLF already ended the line
      }
      if (quoteAtChunkEnd) {
        // A quote ended the previous chunk: `""` split in two, or a closing quote.
        quoteAtChunkEnd = false;
        if (c === '"') {
          field += '"';
          continue;
        }
        inQuotes = false;
        afterQuote = true;
      }
      if (inQuotes) {
        if (c === '"') {
          if (i + 1 === text.length) {
            quoteAtChunkEnd = true;
          } else if (text[i + 1] === '"') {
            field += '"';
            i++;
          } else {
            inQuotes = false;
            afterQuote = true;
          }
        } else {
          if (c === "\n" || c === "\r") {
            line++;
            if (c === "\r") pendingCR = true;
          }
          if (field.length < MAX_FIELD) field += c === "\r" ? "\n" : c;
          else
            error ??= `a cell is longer than ${MAX_FIELD} characters (perhaps a closing quote is missing; quote opened on line ${recordLine})`;
        }
        continue;
      }
      if (c === ",") {
        fields.push(field);
        field = "";
        fieldStarted = false;
        afterQuote = false;
      } else if (c === "\n" || c === "\r") {
        const rec = endRecord();
        if (rec) (out ??= []).push(rec);
        line++;
        recordLine = line;
        if (c === "\r") pendingCR = true;
      } else if (c === '"' && !fieldStarted) {
        inQuotes = true;
        fieldStarted = true;
      } else {
        if (afterQuote) error ??= `a double quote breaks the CSV quoting rules on line ${line}`;
        if (field.length < MAX_FIELD) field += c;
        else error ??= `a cell is longer than ${MAX_FIELD} characters`;
        fieldStarted = true;
      }
    }
    if (out) yield* out;
  }
  if (quoteAtChunkEnd) inQuotes = false;
  if (inQuotes) error ??= `a closing double quote is missing (quote opened on line ${recordLine})`;
  if (fieldStarted || field !== "" || fields.length > 0 || error) {
    const rec = endRecord();
    if (rec) yield rec;
  }
}
