import { expect } from "chai";
import { findCase, getCase } from "../../src/cases/case-queries.js";
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

  it("a media_url outside PHOTO_URL_HOSTS is recorded as refused: never sent to the officers, shown by the API or published", async () => {
    const photo = "https://attacker.example/anh-hien-truong.jpg";
    const seen = BAC.map((o) => h.zalo.messagesFor(o).length);
    const res = await fetch(`${h.url}/open311/v2/requests.json`, {
      method: "POST",
      body: new URLSearchParams({
        api_key: ADMIN,
        service_code: "lan_chiem",
        lat: "21.005",
        long: "105.61",
        description: "Quán nước dựng mái tôn lấn ra lòng đường liên thôn",
        media_url: photo,
      }),
    });
    expect(res.status, await res.clone().text()).to.equal(201);
    const [{ service_request_id: code }] = (await res.json()) as [{ service_request_id: string }];
    for (const [i, officer] of BAC.entries()) {
      const msgs = await h.zalo.waitForMessages(officer, seen[i]! + 1, 20_000);
      expect(msgs.map((m) => String(m.message.text ?? "")).join("\n")).to.contain(`Phản ánh mới ${code}`);
    }
    await h.quiet();
    for (const officer of BAC) expect(JSON.stringify(h.zalo.messagesFor(officer))).to.not.contain("attacker.example");
    const stored = await getCase(h.db, code);
    expect(stored!.photos.map((p) => p.copyFailure?.reason.split(":")[0])).to.deep.equal(["not_allowed"]);
    const auth = { authorization: `Bearer ${ADMIN}` };
    const detail = (await (await fetch(`${h.url}/api/v1/cases/${code}`, { headers: auth })).json()) as { photos: unknown[] };
    expect(detail.photos).to.deep.equal([
      {
        position: 1,
        proof: false,
        url: null,
        contentType: null,
        bytes: null,
        copy: "refused",
        failure: (detail.photos[0] as { failure: unknown }).failure,
      },
    ]);
    const published = await (await fetch(`${h.url}/open311/v2/requests/${code}.json`, { headers: { "x-api-key": ADMIN } })).text();
    expect(published).to.contain(code).and.not.contain("attacker.example");
  });
});
