import { expect } from "chai";
import { Closers } from "../../src/wiring/closers.js";

// Shutdown never hangs on one close that does not answer: it is given up after its deadline and
// the closes after it still run (a process that never exits holds its embedded database).
describe("closers", () => {
  it("gives up a close that never finishes after the deadline, and still runs the others in reverse order", async () => {
    const closers = new Closers(50);
    const done: string[] = [];
    closers.add("database", async () => void done.push("database"));
    closers.add("stuck queue", () => new Promise(() => undefined));
    closers.add("http server", async () => void done.push("http server"));
    const started = Date.now();
    await closers.closeAll();
    expect(done).to.deep.equal(["http server", "database"]);
    expect(Date.now() - started).to.be.lessThan(5_000);
  });
});
