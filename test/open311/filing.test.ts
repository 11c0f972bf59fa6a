import { expect } from "chai";
import { findCase } from "../../src/cases/repository.js";
import { QUEUE } from "../../src/queues/names.js";
import { testEnv } from "../support/env.js";
import { Harness } from "../support/harness.js";

/** The team lead and officer of Trật tự Bắc, who get the cases of Thôn Đồng Bụt. */
const BAC = ["5210000000000000001", "5210000000000000002"];
const ADMIN = testEnv().ADMIN_TOKEN!;

describe("a request filed over Open311 reaches the officers (real queues, fake Zalo)", function () {
  this.timeout(60_000);
  let h: Harness;
  before(async () => {
    h = await Harness.start();
  });
  after(async () => {
    await h?.stop();
  });

  it("is routed, stored with channel open311, notified to the team over Zalo and its escalation scheduled", async () => {
    const res = await fetch(`${h.url}/open311/v2/requests.json`, {
      method: "POST",
      body: new URLSearchParams({
        api_key: ADMIN,
        service_code: "xay_dung_khong_phep",
        lat: "21.005",
        long: "105.61",
        description: "Công trình ba tầng đang đổ bê tông, không thấy biển báo giấy phép",
        first_name: "Bình",
        last_name: "Trần Văn",
        phone: "0987654321",
      }),
    });
    expect(res.status, await res.clone().text()).to.equal(201);
    const [{ service_request_id: code }] = (await res.json()) as [{ service_request_id: string }];

    for (const officer of BAC) {
      const msgs = await h.zalo.waitForMessages(officer, 1, 20_000);
      const text = msgs.map((m) => String(m.message.text ?? "")).join("\n");
      expect(text).to.contain(`Phản ánh mới ${code}`);
      expect(text).to.contain("Công trình ba tầng đang đổ bê tông");
    }
    const stored = await findCase(h.db, code);
    expect(stored).to.deep.include({ channel: "open311", teamId: "trat-tu-bac", status: "new" });
    // Scheduled from the case outbox, written with the case.
    await h.outboxDrained();
    const escalation = await h.queue(QUEUE.escalation).getJob(`esc-${code}-L1`);
    expect(escalation, "escalation to the team lead scheduled").to.not.equal(undefined);
    expect(await escalation!.getState()).to.equal("delayed");
    // The listing is public: the reporter's name and phone are not in it.
    const listed = await (await fetch(`${h.url}/open311/v2/requests/${code}.json`)).text();
    expect(listed).to.contain(code);
    expect(listed).to.not.contain("0987654321");
    expect(listed).to.not.contain("Trần Văn Bình");
  });
});
