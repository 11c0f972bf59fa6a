import { expect } from "chai";
import { readCsv, type CsvRecord } from "../../src/dossiers/csv.js";

async function read(chunks: Array<string | Buffer>): Promise<CsvRecord[]> {
  const out: CsvRecord[] = [];
  for await (const r of readCsv(
    (async function* () {
      yield* chunks;
    })(),
  ))
    out.push(r);
  return out;
}

/** Every way of cutting `text` in two chunks must read the same. */
async function readAllSplits(text: string): Promise<CsvRecord[]> {
  const whole = await read([text]);
  const bytes = Buffer.from(text, "utf8");
  for (let i = 1; i < bytes.length; i++) {
    expect(await read([bytes.subarray(0, i), bytes.subarray(i)]), `split at byte ${i}`).to.deep.equal(whole);
  }
  return whole;
}

describe("dossiers/csv", () => {
  it("reads fields, quotes, escaped quotes, CRLF and a BOM", async () => {
    const recs = await readAllSplits('\uFEFFa,b,c\r\n1,"x, y","say ""hi"""\r\n2,,\r\n');
    expect(recs).to.deep.equal([
      { line: 1, fields: ["a", "b", "c"] },
      { line: 2, fields: ["1", "x, y", 'say "hi"'] },
      { line: 3, fields: ["2", "", ""] },
    ]);
  });

  it("counts physical lines across quoted newlines and skips blank lines", async () => {
    const recs = await readAllSplits('h1,h2\n"Đăng ký\r\nkết hôn",x\n\n3,"a\nb\nc"\n4,y');
    expect(recs.map((r) => [r.line, r.fields])).to.deep.equal([
      [1, ["h1", "h2"]],
      [2, ["Đăng ký\nkết hôn", "x"]],
      [5, ["3", "a\nb\nc"]],
      [8, ["4", "y"]],
    ]);
  });

  it("decodes UTF-8 split inside a character", async () => {
    const recs = await readAllSplits("thủ tục,Đăng ký khai tử\n");
    expect(recs[0]!.fields).to.deep.equal(["thủ tục", "Đăng ký khai tử"]);
  });

  it("flags broken quoting instead of guessing silently", async () => {
    const recs = await read(['a,"b"c,d\n', 'e,"never closed\nf,g\n']);
    expect(recs[0]).to.include({ line: 1 });
    expect(recs[0]!.error).to.match(/double quote/);
    expect(recs[1]!.line).to.equal(2);
    expect(recs[1]!.error).to.match(/a closing double quote is missing \(quote opened on line 2\)/);
  });

  it("keeps a quote inside an unquoted field as text", async () => {
    expect((await read(['5" tall,x\n']))[0]).to.deep.equal({ line: 1, fields: ['5" tall', "x"] });
  });
});
