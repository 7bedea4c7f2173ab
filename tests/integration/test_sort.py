"""SORT and SORT_RO: numeric, ALPHA, BY, GET, LIMIT, ASC/DESC, STORE, with Redis's errors."""

import pytest
import redis


def cmd(r, *args):
    return r.execute_command(*args)


@pytest.fixture
def nums(r):
    r.rpush("l", 3, 1, 2, 10)
    return r


def test_numeric_and_desc(nums):
    assert cmd(nums, "SORT", "l") == ["1", "2", "3", "10"]
    assert cmd(nums, "SORT", "l", "DESC") == ["10", "3", "2", "1"]
    assert cmd(nums, "SORT_RO", "l", "ASC") == ["1", "2", "3", "10"]


def test_alpha(nums):
    assert cmd(nums, "SORT", "l", "ALPHA") == ["1", "10", "2", "3"]
    assert cmd(nums, "SORT", "l", "ALPHA", "DESC") == ["3", "2", "10", "1"]


def test_non_numeric_needs_alpha(r):
    r.rpush("w", "b", "a")
    with pytest.raises(redis.ResponseError, match="^One or more scores can't be converted into double$"):
        cmd(r, "SORT", "w")
    assert cmd(r, "SORT", "w", "ALPHA") == ["a", "b"]


@pytest.mark.parametrize(
    "limit, expected",
    [
        ((0, 2), ["1", "2"]),
        ((1, 2), ["2", "3"]),
        ((2, 100), ["3", "10"]),
        ((-5, 2), ["1", "2"]),
        ((1, -1), ["2", "3", "10"]),
        ((4, 1), []),
        ((10, 1), []),
        ((0, 0), []),
    ],
)
def test_limit(nums, limit, expected):
    assert cmd(nums, "SORT", "l", "LIMIT", *limit) == expected


def test_by_and_get(r):
    r.rpush("ids", 1, 2, 3)
    r.mset({"w_1": 30, "w_2": 10, "w_3": 20, "name_1": "one", "name_2": "two"})
    assert cmd(r, "SORT", "ids", "BY", "w_*") == ["2", "3", "1"]
    assert cmd(r, "SORT", "ids", "BY", "w_*", "GET", "name_*", "GET", "#") == [
        "two", "2", None, "3", "one", "1"]
    assert cmd(r, "SORT", "ids", "BY", "w_*", "DESC", "LIMIT", 0, 1, "GET", "#") == ["1"]


def test_by_missing_weight_sorts_first(r):
    r.rpush("ids", 1, 2, 3)
    r.mset({"w_1": 5, "w_3": 1})
    assert cmd(r, "SORT", "ids", "BY", "w_*") == ["2", "3", "1"]


def test_by_alpha(r):
    r.rpush("ids", 1, 2, 3)
    r.mset({"n_1": "c", "n_2": "a", "n_3": "b"})
    assert cmd(r, "SORT", "ids", "BY", "n_*", "ALPHA") == ["2", "3", "1"]


def test_by_nosort_keeps_list_order(r):
    r.rpush("l", 3, 1, 2)
    assert cmd(r, "SORT", "l", "BY", "nosort") == ["3", "1", "2"]
    assert cmd(r, "SORT", "l", "BY", "nosort", "DESC") == ["2", "1", "3"]
    assert cmd(r, "SORT", "l", "BY", "nosort", "LIMIT", 1, 1) == ["1"]
    assert cmd(r, "SORT", "l", "BY", "nosort", "DESC", "LIMIT", 1, 5) == ["1", "3"]


def test_get_without_star_is_null(nums):
    assert cmd(nums, "SORT", "l", "LIMIT", 0, 1, "GET", "fixed") == [None]


def test_get_of_non_string_is_null(r):
    r.rpush("l", 1)
    r.rpush("v_1", "x")
    assert cmd(r, "SORT", "l", "GET", "v_*") == [None]


def test_store(nums):
    assert cmd(nums, "SORT", "l", "STORE", "dst") == 4
    assert nums.lrange("dst", 0, -1) == ["1", "2", "3", "10"]
    assert nums.type("dst") == "list"
    nums.set("w_1", "x")
    assert cmd(nums, "SORT", "l", "LIMIT", 0, 1, "GET", "#", "GET", "missing_*", "STORE", "dst") == 2
    assert nums.lrange("dst", 0, -1) == ["1", ""]


def test_store_empty_deletes_destination(r):
    r.set("dst", "old")
    assert cmd(r, "SORT", "nosuch", "STORE", "dst") == 0
    assert r.exists("dst") == 0


def test_store_overwrites_any_type_and_keeps_no_ttl(nums):
    nums.set("dst", "string", ex=100)
    assert cmd(nums, "SORT", "l", "STORE", "dst") == 4
    assert nums.ttl("dst") == -1


def test_missing_key_is_empty(r):
    assert cmd(r, "SORT", "nosuch") == []
    assert cmd(r, "SORT_RO", "nosuch", "ALPHA") == []


def test_errors(r):
    r.set("s", "x")
    with pytest.raises(redis.ResponseError, match="^WRONGTYPE"):
        cmd(r, "SORT", "s")
    with pytest.raises(redis.ResponseError, match="^syntax error$"):
        cmd(r, "SORT", "nosuch", "FOO")
    with pytest.raises(redis.ResponseError, match="^syntax error$"):
        cmd(r, "SORT", "nosuch", "LIMIT", 1)
    with pytest.raises(redis.ResponseError, match="^syntax error$"):
        cmd(r, "SORT_RO", "nosuch", "STORE", "dst")
    with pytest.raises(redis.ResponseError, match="^value is not an integer or out of range$"):
        cmd(r, "SORT", "nosuch", "LIMIT", "a", 1)
    with pytest.raises(redis.ResponseError, match="^wrong number of arguments for 'sort' command$"):
        cmd(r, "SORT")


def test_syntax_error_comes_before_wrongtype(r):
    r.set("s", "x")
    with pytest.raises(redis.ResponseError, match="^syntax error$"):
        cmd(r, "SORT", "s", "BOGUS")


def test_float_and_special_scores(r):
    r.rpush("f", "1.5", "-inf", "1e2", "-3")
    assert cmd(r, "SORT", "f") == ["-inf", "-3", "1.5", "1e2"]


def test_store_wakes_blocked_clients_and_watch(server, r):
    r.rpush("l", 2, 1)
    with server.raw() as c:
        assert c.command("WATCH", "dst") == "OK"
        cmd(r, "SORT", "l", "STORE", "dst")
        assert c.command("MULTI") == "OK"
        assert c.command("PING") == "QUEUED"
        assert c.command("EXEC") is None


def test_getkeys(raw):
    assert raw.command("COMMAND", "GETKEYS", "SORT", "abc", "STORE", "def") == [b"abc", b"def"]
    assert raw.command("COMMAND", "GETKEYS", "SORT_RO", "abc") == [b"abc"]


def test_sets(r):
    r.sadd("s", 5, 3, 9)
    assert cmd(r, "SORT", "s") == ["3", "5", "9"]
    assert cmd(r, "SORT", "s", "DESC", "LIMIT", 0, 2) == ["9", "5"]
    r.sadd("w", "b", "c", "a")
    assert cmd(r, "SORT", "w", "ALPHA") == ["a", "b", "c"]
    # Unsorted sets are sorted anyway when stored, so the result is deterministic.
    assert cmd(r, "SORT", "w", "BY", "nosort", "STORE", "dst") == 3
    assert r.lrange("dst", 0, -1) == ["a", "b", "c"]


def test_hash_fields_in_by_and_get(r):
    r.rpush("users", 1, 2, 3)
    r.hset("user:1", mapping={"name": "ann", "age": 40})
    r.hset("user:2", mapping={"name": "bob", "age": 20})
    r.hset("user:3", mapping={"name": "cy", "age": 30})
    assert cmd(r, "SORT", "users", "BY", "user:*->age", "GET", "user:*->name") == [
        "bob", "cy", "ann"]
    assert cmd(r, "SORT", "users", "BY", "user:*->name", "ALPHA", "DESC", "GET", "#",
               "GET", "user:*->missing") == ["3", None, "2", None, "1", None]
    # "->" with nothing after it is a plain key name.
    r.set("plain:1->", "x")
    assert cmd(r, "SORT", "users", "LIMIT", 0, 1, "GET", "plain:*->") == ["x"]


def test_sorted_sets(r):
    r.zadd("z", {"a": 3, "b": 1, "c": 2})
    assert cmd(r, "SORT", "z", "ALPHA") == ["a", "b", "c"]
    # BY nosort keeps the score order, reversed with DESC, and LIMIT picks ranks.
    assert cmd(r, "SORT", "z", "BY", "nosort") == ["b", "c", "a"]
    assert cmd(r, "SORT", "z", "BY", "nosort", "DESC") == ["a", "c", "b"]
    assert cmd(r, "SORT", "z", "BY", "nosort", "LIMIT", 1, 1) == ["c"]
    assert cmd(r, "SORT", "z", "BY", "nosort", "DESC", "LIMIT", 1, 5) == ["c", "b"]
