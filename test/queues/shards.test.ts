import { expect } from "chai";
import { Redis } from "ioredis";
import { ShardMap, shardPrefix } from "../../src/queues/shards.js";
import { dropPrefix, TEST_REDIS_URL, uniquePrefix } from "../support/redis.js";

describe("shards: the commune → shard map", () => {
  let redis: Redis;
  const prefix = uniquePrefix("shards");
  before(() => {
    redis = new Redis(TEST_REDIS_URL);
  });
  after(async () => {
    redis.disconnect();
    await dropPrefix(prefix);
  });

  it("names each shard by a hash tag that keeps the prefix", () => {
    expect(shardPrefix("hotline", 7)).to.equal("hotline:s07");
  });

  it("spreads communes over the shards, and never moves one once assigned (restarts, communes added)", async () => {
    const first = await ShardMap.load(redis, prefix, 4, ["a", "b", "c", "d"]);
    const shards = ["a", "b", "c", "d"].map((c) => first.prefixOf(c));
    expect(new Set(shards).size).to.equal(4);
    expect(first.prefixes()).to.deep.equal([0, 1, 2, 3].map((i) => shardPrefix(prefix, i)));

    // Another process, the communes listed in another order, one more commune.
    const again = await ShardMap.load(redis, prefix, 4, ["e", "d", "c", "b", "a"]);
    expect(["a", "b", "c", "d"].map((c) => again.prefixOf(c))).to.deep.equal(shards);
    expect(again.prefixOf("e")).to.match(/:s0[0-3]$/);

    // Fewer shards configured later: a commune keeps its shard, and workers still consume it.
    const fewer = await ShardMap.load(redis, prefix, 2, ["a", "b", "c", "d", "e"]);
    expect(["a", "b", "c", "d"].map((c) => fewer.prefixOf(c))).to.deep.equal(shards);
    expect(fewer.prefixes()).to.include.members(shards);
    expect(() => fewer.prefixOf("unknown")).to.throw(/no shard/);
  });
});
