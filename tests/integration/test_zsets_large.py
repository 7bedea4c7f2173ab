"""A sorted set that grows large and shrinks again (the skip list's node arena reuses and
compacts its memory): every reply stays right against a Python model. Runs against
redis-server 7.0.15 as well. (Memory figures are not asserted: the dev build runs under ASan,
whose allocator makes used_memory meaningless; the unit tests check the compaction.)"""

import random

ZSET_KEY = "big"


def model_order(model):
    return sorted(model.items(), key=lambda kv: (kv[1], kv[0].encode()))


def check_against_model(r, model):
    got = r.zrange(ZSET_KEY, 0, -1, withscores=True)
    want = [(m, float(s)) for m, s in model_order(model)]
    assert got == want
    for rank in range(0, len(want), max(1, len(want) // 50)):
        member = want[rank][0]
        assert r.zrank(ZSET_KEY, member) == rank
        assert r.zscore(ZSET_KEY, member) == want[rank][1]


def run(r, commands):
    pipe = r.pipeline(transaction=False)
    for c in commands:
        pipe.execute_command(*c)
    return pipe.execute()


def test_grow_churn_shrink_and_churn_again(r):
    rng = random.Random(5)
    model = {}
    # Grow to 30,000 members with scores that often tie.
    adds = []
    for i in range(30000):
        m, s = "member:%06d" % i, rng.randrange(2000)
        adds.append(("ZADD", ZSET_KEY, s, m))
        model[m] = s
    run(r, adds)
    # Move scores around: every update relinks a node.
    updates = []
    for _ in range(20000):
        m = "member:%06d" % rng.randrange(30000)
        s = rng.randrange(-500, 2500)
        updates.append(("ZADD", ZSET_KEY, s, m))
        model[m] = s
    run(r, updates)
    check_against_model(r, model)
    # Remove nine in ten members one by one, then a rank range and a score range.
    gone = [m for i, m in enumerate(sorted(model)) if i % 10]
    replies = run(r, [("ZREM", ZSET_KEY, m) for m in gone])
    assert replies == [1] * len(gone)
    for m in gone:
        del model[m]
    assert r.zremrangebyrank(ZSET_KEY, 0, 99) == 100
    for m, _ in model_order(model)[:100]:
        del model[m]
    removed = r.zremrangebyscore(ZSET_KEY, 1000, 1100)
    doomed = [m for m, s in model.items() if 1000 <= s <= 1100]
    assert removed == len(doomed)
    for m in doomed:
        del model[m]
    check_against_model(r, model)
    # The shrunken set keeps working: adds, updates, pops.
    more = []
    for i in range(3000):
        m, s = "later:%05d" % i, rng.randrange(3000)
        more.append(("ZADD", ZSET_KEY, s, m))
        model[m] = s
    run(r, more)
    popped = r.zpopmin(ZSET_KEY, 25)
    want = model_order(model)[:25]
    assert popped == [(m, float(s)) for m, s in want]
    for m, _ in want:
        del model[m]
    check_against_model(r, model)
    assert r.zcard(ZSET_KEY) == len(model)
