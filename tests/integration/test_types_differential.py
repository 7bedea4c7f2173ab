"""Differential audit of the data-type commands against the reference redis-server 7.0.15.

Fixed command scripts go to the server under test and to Debian's redis-server, in RESP2 and
in RESP3, and every reply must be byte-identical; after each script the growth of dirty,
keyspace_hits/misses and INFO commandstats (calls, rejected_calls, failed_calls) must match
too. The scripts cover hashes, sets, sorted sets, bitmaps, HyperLogLog, SORT, OBJECT ENCODING
transitions, TTLs kept or dropped by stores, WATCH signalling, COMMAND INFO/DOCS/GETKEYS, and
an argument sweep (arity, WRONGTYPE, syntax) over every command of that surface. A random
command stream over small encodings, the keyspace notifications of the scripts, the rules of
the random picks and full scans complete the suite.

A script line is one command (shell-like quoting: "" is an empty argument, \\x00 a byte).
A line may start with a compare mode when Redis itself is not deterministic there:
  ~  same reply up to the order of the elements (hash-table iteration order)
  ~~ the same for a flat field/value array (pairs kept together)
  ?  random picks: same reply types, nesting and element counts; errors byte-identical
Debugging: AUDIT_SEEDS="1 2 3 ..." picks the seeds of the random stream."""

import os
import random
import shlex

import pytest

from conftest import RawConnection, _b as encode_arg, is_cairn, is_windows_server, read_raw

# The reference server is a Linux program; under the Wine launcher it would be handed to Wine.
pytestmark = pytest.mark.skipif(
    is_windows_server(), reason="Windows build: the reference redis-server is a Linux program")

# Encoding thresholds the scripts change, with their defaults (restored before each script).
DEFAULT_LIMITS = [
    ("hash-max-listpack-entries", "128"), ("hash-max-listpack-value", "64"),
    ("set-max-intset-entries", "512"),
    ("zset-max-listpack-entries", "128"), ("zset-max-listpack-value", "64"),
]

SCRIPTS = {}

SCRIPTS["hash_basics"] = """
HSET h
HSET h f
HSET h f v f2
HSET h f v
HSET h f v2 g w
HGET h f
HGET h nofield
HGET nokey f
HGET h
HMSET h a 1 b 2
HMSET h a
HMSET h a 1 b
HSETNX h a 3
HSETNX h new 3
HSETNX h x
HSETNX nokey2 x y
HMGET h a nofield b
HMGET nokey a b
HMGET h
HDEL h a nofield b
HDEL h
HDEL nokey a
HLEN h
HLEN nokey
HLEN
HSTRLEN h f
HSTRLEN h nofield
HSTRLEN nokey f
HEXISTS h f
HEXISTS h nofield
HEXISTS nokey f
HEXISTS h
HKEYS h
HVALS h
HGETALL h
HKEYS nokey
HVALS nokey
HGETALL nokey
HSET h "" ""
HGET h ""
HSTRLEN h ""
HGETALL h
HDEL h f f2 g new ""
EXISTS h
HGETALL h
TYPE h
HSET h f v
HDEL h f
EXISTS h
"""

SCRIPTS["hash_counters"] = """
HSET h s abc n 10 f 1.5 big 9223372036854775807 sp " 1" neg -9223372036854775808
HINCRBY h n 5
HINCRBY h n -20
HINCRBY h new 3
HINCRBY h n x
HINCRBY h n 1.5
HINCRBY h n ""
HINCRBY h s 1
HINCRBY h f 1
HINCRBY h sp 1
HINCRBY h big 1
HINCRBY h big 0
HINCRBY h neg -1
HINCRBY h n 9223372036854775808
HINCRBY h n
HINCRBY nokey a 7
HGET nokey a
HINCRBYFLOAT h f 1.5
HINCRBYFLOAT h f 0.1
HINCRBYFLOAT h f -3.1
HINCRBYFLOAT h n 1
HINCRBYFLOAT h n 1e3
HINCRBYFLOAT h n 5.0e3
HINCRBYFLOAT h n 10.50
HINCRBYFLOAT h n -0
HINCRBYFLOAT h n abc
HINCRBYFLOAT h n ""
HINCRBYFLOAT h n inf
HINCRBYFLOAT h n -inf
HINCRBYFLOAT h n nan
HINCRBYFLOAT h n " 1"
HINCRBYFLOAT h s 1
HINCRBYFLOAT h sp 1
HINCRBYFLOAT h big 1
HINCRBYFLOAT h new2 3.0000000000000001
HINCRBYFLOAT h new3 1.23456789012345678
HINCRBYFLOAT h new4 0.1
HINCRBYFLOAT h new4 0.2
HINCRBYFLOAT h new5 1e308
HINCRBYFLOAT h new5 1e308
HINCRBYFLOAT h new6 1e-320
HINCRBYFLOAT h new7 -1e-5
HINCRBYFLOAT h new8 123456789012345678901234567890
HSET h inff inf
HINCRBYFLOAT h inff 1
HINCRBY h inff 1
HINCRBYFLOAT h n
HINCRBYFLOAT nokey2 a 2.5
~~ HGETALL h
"""

SCRIPTS["hash_encoding"] = """
HSET h a 1
OBJECT ENCODING h
HSET h long xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
OBJECT ENCODING h
HSET h2 xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx 1
OBJECT ENCODING h2
HSET h3 xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx 1
OBJECT ENCODING h3
CONFIG SET hash-max-listpack-entries 3
HSET h4 a 1 b 2 c 3
OBJECT ENCODING h4
HSET h4 d 4
OBJECT ENCODING h4
HDEL h4 a b c
OBJECT ENCODING h4
HSETNX h5 a 1
HSETNX h5 b 1
HSETNX h5 c 1
HSETNX h5 d 1
OBJECT ENCODING h5
HINCRBY h6 a 1
HINCRBY h6 b 1
HINCRBY h6 c 1
HINCRBY h6 d 1
OBJECT ENCODING h6
HINCRBYFLOAT h7 xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx 1
OBJECT ENCODING h7
CONFIG SET hash-max-listpack-entries 0
HSET h8 a 1
OBJECT ENCODING h8
CONFIG SET hash-max-listpack-value 0
CONFIG SET hash-max-listpack-entries 128
HSET h9 a 1
OBJECT ENCODING h9
HSET h10 "" ""
OBJECT ENCODING h10
~ HGETALL h4
~ HKEYS h4
~ HVALS h4
OBJECT ENCODING nokey
"""

SCRIPTS["hash_randfield_scan"] = """
HSET h a 1 b 2 c 3
HRANDFIELD nokey
HRANDFIELD nokey 3
HRANDFIELD nokey -3 WITHVALUES
HRANDFIELD nokey 3 WITHVALUES
HRANDFIELD h 0
HRANDFIELD h 0 WITHVALUES
HRANDFIELD h x
HRANDFIELD h 1 x
HRANDFIELD h 1 WITHVALUES x
HRANDFIELD h WITHVALUES
HRANDFIELD h 3
HRANDFIELD h 5 WITHVALUES
HRANDFIELD h 9223372036854775807
HRANDFIELD h -9223372036854775808
HRANDFIELD h -9223372036854775807 WITHVALUES
HRANDFIELD h -4611686018427387904 WITHVALUES
HRANDFIELD h 4611686018427387904 WITHVALUES
HRANDFIELD h 1.5
? HRANDFIELD h 1 withvalues
? HRANDFIELD h
? HRANDFIELD h 2
? HRANDFIELD h -5
? HRANDFIELD h -5 WITHVALUES
? HRANDFIELD h 2 WITHVALUES
HSCAN h 0
HSCAN h 0 MATCH a*
HSCAN h 0 MATCH *
HSCAN h 0 COUNT 1
HSCAN h 0 COUNT 0
HSCAN h 0 COUNT -1
HSCAN h 0 COUNT x
HSCAN h 0 MATCH
HSCAN h 0 FOO bar
HSCAN h 0 TYPE string
HSCAN h x
HSCAN h -1
HSCAN h 18446744073709551615
HSCAN h 18446744073709551616
HSCAN h 1
HSCAN nokey 0
HSCAN nokey x
HSCAN h
HSCAN h 0 MATCH a* COUNT 100 MATCH b*
HSCAN h 0 NOVALUES
"""

SCRIPTS["set_basics"] = """
SADD s
SADD s 3 1 2 2
SADD s 1
SMEMBERS s
SISMEMBER s 1
SISMEMBER s 9
SISMEMBER nokey 1
SISMEMBER s
SMISMEMBER s 1 9 2
SMISMEMBER nokey 1 2
SMISMEMBER s
SCARD s
SCARD nokey
SREM s 1 9
SREM s
SREM nokey 1
SMEMBERS nokey
OBJECT ENCODING s
SADD s -5 0 9223372036854775807 -9223372036854775808
SMEMBERS s
OBJECT ENCODING s
SADD s 9223372036854775808
OBJECT ENCODING s
SADD i 1 01
OBJECT ENCODING i
SADD i2 " 1"
OBJECT ENCODING i2
SADD i3 -0
OBJECT ENCODING i3
SADD i4 1 +1
OBJECT ENCODING i4
SADD str a
OBJECT ENCODING str
SREM str a
EXISTS str
SADD x a b c
~ SMEMBERS x
SMOVE x y a
SMOVE x y nomember
SMOVE nokey y a
SMOVE x x b
SMOVE x x nomember
~ SMEMBERS x
SMEMBERS y
SMOVE x
SET str2 v
SMOVE x str2 b
SMOVE str2 x b
SMOVE x y b
SMOVE x y c
EXISTS x
SADD n 1 2
SMOVE n m 1
OBJECT ENCODING m
SADD m2 a
SMOVE n m2 2
OBJECT ENCODING m2
EXISTS n
CONFIG SET set-max-intset-entries 2
SADD big 1 2
OBJECT ENCODING big
SADD big 3
OBJECT ENCODING big
SREM big 3 2
OBJECT ENCODING big
CONFIG SET set-max-intset-entries 0
SADD z0 1
OBJECT ENCODING z0
"""

SCRIPTS["set_ops"] = """
SADD a 1 2 3 4 5
SADD b 3 4 5 6
SADD c x y 3
SADD e 10
SET str v
SINTER a b
~ SINTER a c
SINTER a nokey
SINTER nokey a
SINTER a
SINTER
SINTER a str
SINTER nokey str
SINTER str nokey
~ SUNION a b c
SUNION a nokey
SUNION nokey
SUNION a str
SUNION nokey str
SDIFF a b
SDIFF a nokey
SDIFF nokey a
SDIFF a str
SDIFF nokey str
~ SDIFF c a
SDIFF a a
SINTERSTORE d a b
SMEMBERS d
OBJECT ENCODING d
SINTERSTORE d a e
EXISTS d
SINTERSTORE d a nokey
SET d v
SINTERSTORE d a nokey
TYPE d
SET d v
SINTERSTORE d a b
TYPE d
SINTERSTORE d a str
SINTERSTORE d
SUNIONSTORE u a b
SMEMBERS u
OBJECT ENCODING u
SUNIONSTORE u c e
OBJECT ENCODING u
SUNIONSTORE u nokey
EXISTS u
SUNIONSTORE u a str
SDIFFSTORE df a b
SMEMBERS df
SDIFFSTORE df a a
EXISTS df
SDIFFSTORE a a b
SMEMBERS a
SDIFFSTORE df str a
SINTERCARD 2 a b
SINTERCARD 1 a
SINTERCARD 2 a b LIMIT 1
SINTERCARD 2 a b LIMIT 0
SINTERCARD 2 a b LIMIT -1
SINTERCARD 2 a b LIMIT x
SINTERCARD 2 a b LIMIT
SINTERCARD 2 a b FOO 1
SINTERCARD 0 a
SINTERCARD -1 a
SINTERCARD x a
SINTERCARD 3 a b
SINTERCARD 2 a nokey
SINTERCARD 2 a str
SINTERCARD 2 nokey str
SINTERCARD 1
SINTERCARD 2147483648 a
SINTERCARD 2 a b LIMIT 1 LIMIT 2
SINTERCARD 2 a b limit 5
"""

SCRIPTS["set_random"] = """
SADD s 1 2 3
SADD t a b c d e
SPOP nokey
SPOP nokey 3
SPOP nokey 0
SPOP s 0
SPOP s -1
SPOP s x
SPOP s 1 2
SPOP s 1.5
SRANDMEMBER nokey
SRANDMEMBER nokey 3
SRANDMEMBER nokey -3
SRANDMEMBER nokey 0
SRANDMEMBER s 0
SRANDMEMBER s x
SRANDMEMBER s 1 2
SRANDMEMBER s -9223372036854775808
SRANDMEMBER s 9223372036854775807
SRANDMEMBER s 3
SRANDMEMBER s 10
~ SRANDMEMBER t 5
~ SRANDMEMBER t 50
? SRANDMEMBER s
? SRANDMEMBER s 2
? SRANDMEMBER s -7
? SRANDMEMBER t -7
? SPOP t 2
? SPOP t
SCARD t
SPOP s 3
EXISTS s
SADD s 1 2 3
SPOP s 10
EXISTS s
SADD s a
? SPOP s
EXISTS s
SET str v
SPOP str
SPOP str 1
SRANDMEMBER str
SRANDMEMBER str 1
"""

SCRIPTS["set_scan"] = """
SADD s 1 2 3 10 20
SSCAN s 0
SSCAN s 0 MATCH 1*
SSCAN s 0 COUNT 1
SSCAN s 0 COUNT 0
SSCAN s x
SSCAN s 0 MATCH
SSCAN s 0 TYPE set
SSCAN nokey 0
SET str v
SSCAN str 0
SSCAN s
"""

SCRIPTS["wrongtype"] = """
SET str v
HSET h f v
SADD s m
ZADD z 1 m
RPUSH l a
HSET str f v
HSETNX str f v
HMSET str f v
HGET str f
HMGET str f
HDEL str f
HLEN str
HSTRLEN str f
HEXISTS str f
HKEYS str
HVALS str
HGETALL str
HINCRBY str f 1
HINCRBYFLOAT str f 1
HRANDFIELD str
HRANDFIELD str 2
HSCAN str 0
HINCRBY str f x
HRANDFIELD str x
SADD h m
SREM h m
SMEMBERS h
SISMEMBER h m
SMISMEMBER h m
SCARD h
SMOVE h s m
SMOVE s h m
SINTER h
SINTERCARD 1 h
SINTERSTORE d h
SUNION h
SUNIONSTORE d h
SDIFF h
SDIFFSTORE d h
SSCAN h 0
ZADD s 1 m
ZINCRBY s 1 m
ZREM s m
ZCARD s
ZCOUNT s 0 1
ZLEXCOUNT s - +
ZSCORE s m
ZMSCORE s m
ZRANK s m
ZREVRANK s m
ZRANGE s 0 -1
ZRANGESTORE d s 0 -1
ZRANGESTORE s z 0 -1
ZREVRANGE s 0 -1
ZRANGEBYSCORE s 0 1
ZREVRANGEBYSCORE s 1 0
ZRANGEBYLEX s - +
ZREVRANGEBYLEX s + -
ZREMRANGEBYRANK s 0 1
ZREMRANGEBYSCORE s 0 1
ZREMRANGEBYLEX s - +
ZPOPMIN s
ZPOPMAX s
ZMPOP 1 s MIN
ZRANDMEMBER s
ZUNION 1 s
ZUNION 2 z s
ZUNION 2 z l
ZUNIONSTORE d 1 s
ZINTER 1 s
ZINTERSTORE d 1 s
ZINTERCARD 1 s
ZDIFF 1 s
ZDIFFSTORE d 1 s
ZSCAN s 0
ZADD s x m
ZINCRBY s x m
ZRANGE s x y
SETBIT h 0 1
GETBIT h 0
BITCOUNT h
BITPOS h 1
BITOP AND d h
BITOP AND d str h
BITFIELD h GET u8 0
BITFIELD_RO h GET u8 0
SETBIT h x 1
BITFIELD h GET x 0
PFADD h a
PFCOUNT h
PFMERGE d h
PFMERGE h str
SORT h
SORT_RO h
SORT str
TYPE l
EXISTS d
"""

SCRIPTS["zset_add"] = """
ZADD z
ZADD z 1
ZADD z 1 a 2
ZADD z NX
ZADD z NX XX 1 a
ZADD z GT LT 1 a
ZADD z NX GT 1 a
ZADD z NX LT 1 a
ZADD z INCR 1 a 2 b
ZADD z x a
ZADD z nan a
ZADD z 1 a 2 b 3 c
ZADD z XX 10 a 5 new
ZADD z NX 10 a 5 new
ZADD z CH 11 a 5 new 5 new2
ZADD z GT CH 1 a 12 b
ZADD z LT CH 100 a 0 c
ZADD z XX GT CH 2 a
ZADD z INCR 1 a
ZADD z INCR XX 1 nomember
ZADD z INCR NX 1 a
ZADD z INCR GT -1 a
ZADD z INCR LT -1 a
ZADD z INCR inf a
ZADD z INCR -inf a
ZADD z INCR nan a
ZADD z inf i -inf ni +inf pi -0 zero 0 z0 1e-320 tiny
ZADD z 1.0000000000000002 p1 3.0000000000000001 p3 0.1 tenth 1e21 big 123456789012345678 b2
ZADD z 1e309 over
ZADD z "1 " sp
ZADD z " 1" sp
ZADD z 0x10 hx
ZADD z "" empty
ZADD z 1e a
ZRANGE z 0 -1 WITHSCORES
ZSCORE z zero
ZSCORE z ni
ZSCORE z tenth
ZSCORE z big
ZSCORE z b2
ZSCORE z tiny
ZSCORE z nomember
ZSCORE nokey a
ZMSCORE z a nomember i
ZMSCORE nokey a b
ZMSCORE z
ZINCRBY z 1 zero
ZINCRBY z -inf i
ZINCRBY z inf ni
ZINCRBY z x a
ZINCRBY z 1
ZINCRBY z 2.5 newm
ZINCRBY z 1e400 a
ZINCRBY z 1 a b
ZADD z ch 1 a
ZADD z incr 1 a
ZADD z XX NX 1 a
ZADD z INCR
ZADD z CH
ZADD z XX
ZADD z INCR 1
ZCARD z
ZCARD nokey
ZCARD
ZREM z a nomember i
ZREM z
ZREM nokey a
ZREM z zero z0 b2 big tenth p1 p3 pi ni c new new2 newm tiny sp empty hx b
EXISTS z
ZADD nz XX 1 a
EXISTS nz
ZADD nz XX INCR 1 a
EXISTS nz
ZADD nz NX INCR 1 a
ZADD nz GT 2 a
ZADD nz LT 3 a
ZSCORE nz a
"""

SCRIPTS["zset_ranges_errors"] = """
ZADD z 1 a 2 b 3 c 4 d 5 e
ZADD lx 0 a 0 b 0 c 0 d 0 e
ZRANGE z
ZRANGE z 0
ZRANGE z 0 -1 FOO
ZRANGE z 0 -1 LIMIT 0 1
ZRANGE z 0 -1 BYSCORE LIMIT 0
ZRANGE z 0 -1 BYSCORE LIMIT x 1
ZRANGE z 0 -1 BYSCORE LIMIT 0 x
ZRANGE z 0 -1 BYSCORE BYLEX
ZRANGE z 0 -1 BYLEX
ZRANGE z (1 3 BYSCORE
ZRANGE z (1 (3 BYSCORE WITHSCORES
ZRANGE z 3 1 BYSCORE REV
ZRANGE z 3 1 BYSCORE REV LIMIT 1 2 WITHSCORES
ZRANGE z 0 -1 REV WITHSCORES
ZRANGE z x 1
ZRANGE z 0 x
ZRANGE z x 1 BYSCORE
ZRANGE lx [a (c BYLEX
ZRANGE lx (c [a BYLEX REV
ZRANGE lx a c BYLEX
ZRANGE lx [a c BYLEX
ZRANGE lx - + BYLEX WITHSCORES
ZRANGE lx - + BYLEX LIMIT 1 -1
ZRANGE lx - + BYLEX LIMIT -1 2
ZRANGE z 0 -1 BYSCORE LIMIT 1 -5
ZRANGE z -inf +inf BYSCORE LIMIT 0 -1 WITHSCORES
ZRANGE z 0 -1 withscores
ZRANGE z 0 -1 WITHSCORES WITHSCORES
ZRANGE z 0 -1 REV REV
ZRANGE z 0 -1 LIMIT 0 1 BYSCORE
ZRANGE nokey 0 -1
ZRANGE nokey 0 -1 BYLEX
ZRANGE nokey x y BYSCORE
ZRANGE nokey 0 -1 LIMIT 0 1
ZRANGESTORE d z 0 -1
ZRANGESTORE d z 0 -1 WITHSCORES
ZRANGESTORE d z 1 2 BYSCORE LIMIT 0 1
ZRANGE d 0 -1 WITHSCORES
ZRANGESTORE d nokey 0 -1
EXISTS d
ZRANGESTORE d z 5 10
EXISTS d
ZRANGESTORE d lx [a [c BYLEX REV
ZRANGESTORE d lx [c [a BYLEX REV
ZRANGESTORE d z
ZREVRANGE z 0 -1 WITHSCORES
ZREVRANGE z 0 -1 BYSCORE
ZREVRANGE z 0
ZRANGEBYSCORE z -inf +inf WITHSCORES LIMIT 1 2
ZRANGEBYSCORE z -inf +inf LIMIT 1
ZRANGEBYSCORE z -inf +inf REV
ZRANGEBYSCORE z x 1
ZRANGEBYSCORE z 1 x
ZRANGEBYSCORE z ( 1
ZRANGEBYSCORE z (1 (
ZRANGEBYSCORE z "" 1
ZRANGEBYSCORE z nan 1
ZRANGEBYSCORE z 2 1
ZREVRANGEBYSCORE z 1 2
ZREVRANGEBYSCORE z +inf -inf WITHSCORES LIMIT 0 2
ZREVRANGEBYSCORE z (4 (1
ZRANGEBYLEX lx - +
ZRANGEBYLEX lx - + LIMIT 1 2
ZRANGEBYLEX lx - + WITHSCORES
ZRANGEBYLEX lx a +
ZRANGEBYLEX lx + -
ZRANGEBYLEX lx [b [b
ZRANGEBYLEX lx (b (b
ZREVRANGEBYLEX lx + - LIMIT 0 2
ZREVRANGEBYLEX lx - +
ZREVRANGEBYLEX lx [c -
ZLEXCOUNT lx - +
ZLEXCOUNT lx [b (d
ZLEXCOUNT lx a b
ZLEXCOUNT nokey - +
ZLEXCOUNT nokey a b
ZCOUNT z -inf +inf
ZCOUNT z (1 (5
ZCOUNT z x 1
ZCOUNT nokey x 1
ZCOUNT nokey 0 1
ZRANK z c
ZRANK z nomember
ZRANK nokey a
ZRANK z c WITHSCORE
ZREVRANK z c
ZREVRANK z
ZREMRANGEBYRANK z 0 0
ZREMRANGEBYRANK z x 0
ZREMRANGEBYRANK z 10 20
ZREMRANGEBYRANK nokey 0 1
ZREMRANGEBYSCORE z (2 3
ZREMRANGEBYSCORE z x 3
ZREMRANGEBYSCORE nokey x 3
ZREMRANGEBYLEX lx [a [b
ZREMRANGEBYLEX lx a b
ZREMRANGEBYLEX nokey a b
ZREMRANGEBYLEX lx - +
EXISTS lx
ZRANGE z 0 -1 WITHSCORES
ZREMRANGEBYRANK z 0 -1
EXISTS z
"""

SCRIPTS["zset_pops"] = """
ZADD z 1 a 2 b 3 c 4 d 5 e -0 n inf i
ZPOPMIN z
ZPOPMAX z
ZPOPMIN z 2
ZPOPMAX z 0
ZPOPMIN z -1
ZPOPMIN z x
ZPOPMIN z 1 2
ZPOPMIN nokey
ZPOPMIN nokey 2
ZPOPMAX nokey 0
ZPOPMIN nokey -1
ZMPOP 1 z MIN
ZMPOP 1 z MAX COUNT 2
ZMPOP 2 nokey z MIN COUNT 10
EXISTS z
ZMPOP 1 z MIN
ZMPOP 1 nokey MIN
ZMPOP 0 z MIN
ZMPOP -1 z MIN
ZMPOP x z MIN
ZMPOP 1 z
ZMPOP 1 z FOO
ZMPOP 1 z MIN COUNT 0
ZMPOP 1 z MIN COUNT -1
ZMPOP 1 z MIN COUNT x
ZMPOP 1 z MIN COUNT
ZMPOP 1 z MIN COUNT 1 COUNT 2
ZMPOP 1 z MIN FOO 1
ZMPOP 2 z MIN
ZMPOP 3 z MIN
ZMPOP 1
ZADD z 1 a
ZMPOP 1 z min count 5
ZADD z -0 a
ZPOPMIN z
ZADD z 1 a
ZRANDMEMBER nokey
ZRANDMEMBER nokey 5
ZRANDMEMBER nokey 5 WITHSCORES
ZRANDMEMBER z 0
ZRANDMEMBER z 0 WITHSCORES
ZRANDMEMBER z x
ZRANDMEMBER z 1 x
ZRANDMEMBER z WITHSCORES
ZRANDMEMBER z -9223372036854775807 WITHSCORES
ZRANDMEMBER z -4611686018427387904 WITHSCORES
ZRANDMEMBER z 3 WITHSCORES
ZRANDMEMBER z -2 WITHSCORES
ZRANDMEMBER z -2
ZRANDMEMBER z
"""

SCRIPTS["zset_setops"] = """
ZADD a 1 x 2 y 3 z
ZADD b 10 y 20 z 30 w
SADD s y w v
SET str v
ZUNION 2 a b
ZUNION 2 a b WITHSCORES
ZUNION 2 a b WEIGHTS 2 3 WITHSCORES
ZUNION 2 a b WEIGHTS 2 WITHSCORES
ZUNION 2 a b WEIGHTS 2 x WITHSCORES
ZUNION 2 a b WEIGHTS 2 nan WITHSCORES
ZUNION 2 a b AGGREGATE MIN WITHSCORES
ZUNION 2 a b AGGREGATE MAX WITHSCORES
ZUNION 2 a b AGGREGATE max WITHSCORES
ZUNION 2 a b AGGREGATE FOO
ZUNION 2 a b AGGREGATE
ZUNION 2 a s WITHSCORES
ZUNION 2 a str
ZUNION 2 a nokey WITHSCORES
ZUNION 0 a
ZUNION -1 a
ZUNION x a
ZUNION 3 a b
ZUNION 1 a b
ZUNION 1 a FOO
ZUNION 2 a b WEIGHTS inf -inf WITHSCORES
ZUNION 2 a b WEIGHTS 0 0 WITHSCORES
ZUNION 2 a b WEIGHTS 1 1 1
ZINTER 2 a b WITHSCORES
ZINTER 2 a s WITHSCORES
ZINTER 2 a nokey
ZINTER 2 a b AGGREGATE MAX WEIGHTS 1 2 WITHSCORES
ZDIFF 2 a b WITHSCORES
ZDIFF 2 a s
ZDIFF 1 a WITHSCORES
ZDIFF 2 nokey a
ZDIFF 2 a b WEIGHTS 1 2
ZDIFF 2 a b AGGREGATE SUM
ZINTERCARD 2 a b
ZINTERCARD 2 a b LIMIT 1
ZINTERCARD 2 a b LIMIT -1
ZINTERCARD 2 a s
ZINTERCARD 0 a
ZINTERCARD 2 a
ZINTERCARD 2 a b FOO
ZINTERCARD 1 str
ZUNIONSTORE d 2 a b WEIGHTS 1 -1
ZRANGE d 0 -1 WITHSCORES
ZUNIONSTORE d 2 a b WITHSCORES
ZUNIONSTORE d 0 a
ZUNIONSTORE d 2 nokey nokey2
EXISTS d
ZINTERSTORE d 2 a b
ZINTERSTORE d 2 a nokey
EXISTS d
ZDIFFSTORE d 2 a b
ZRANGE d 0 -1 WITHSCORES
ZDIFFSTORE d 2 a a
EXISTS d
ZDIFFSTORE d 1 nokey
ZDIFFSTORE d 2 a b WEIGHTS 1 1
ZUNIONSTORE a 2 a b
ZRANGE a 0 -1 WITHSCORES
ZADD inf1 inf x
ZADD inf2 -inf x
ZUNION 2 inf1 inf2 WITHSCORES
ZINTER 2 inf1 inf2 WITHSCORES
ZUNION 2 inf1 inf2 WEIGHTS 0 1 WITHSCORES
ZUNIONSTORE str 1 a
TYPE str
ZDIFFSTORE str2 1 str
"""

SCRIPTS["zset_encoding_scan"] = """
ZADD z 1 a
OBJECT ENCODING z
ZADD z 2 xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
OBJECT ENCODING z
ZREM z xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
OBJECT ENCODING z
CONFIG SET zset-max-listpack-entries 2
ZADD y 1 a 2 b
OBJECT ENCODING y
ZADD y 3 c
OBJECT ENCODING y
ZUNIONSTORE d 1 y
OBJECT ENCODING d
ZRANGESTORE d2 y 0 1
OBJECT ENCODING d2
ZINCRBY w 1 a
ZINCRBY w 1 b
ZINCRBY w 1 c
OBJECT ENCODING w
CONFIG SET zset-max-listpack-entries 0
ZADD v 1 a
OBJECT ENCODING v
CONFIG SET zset-max-listpack-entries 128
CONFIG SET zset-max-listpack-value 0
ZADD u 1 a
OBJECT ENCODING u
ZADD u2 1 ""
OBJECT ENCODING u2
CONFIG SET zset-max-listpack-value 64
ZADD s 1 a 2 b 3 ab
ZSCAN s 0
ZSCAN s 0 MATCH a*
ZSCAN s 0 COUNT 0
ZSCAN s x
ZSCAN nokey 0
ZSCAN s 0 NOSCORES
ZADD sc 1.5 a -inf b 1e100 c 1e17 d 4611686018427387904 e 4611686018427387905 f -0 g 5e18 h
ZSCAN sc 0
ZADD sc 0 xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
~~ ZRANGE sc 0 -1 WITHSCORES
ZADD sk 1e17 d 0 xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx -0 z
ZSCAN sk 0 MATCH d
ZSCAN sk 0 MATCH z
ZUNIONSTORE d1 1 sk
ZSCORE d1 z
ZINTERSTORE d2 2 sk sk
ZSCORE d2 z
ZDIFFSTORE d3 1 sk
ZSCORE d3 z
ZRANGESTORE d4 sk 0 -1
ZSCORE d4 z
ZRANGESTORE d5 sk 0 0
ZSCORE d5 z
ZUNIONSTORE d6 2 sk sk WEIGHTS 1 0 AGGREGATE MIN
ZSCORE d6 z
"""

SCRIPTS["bitmaps"] = """
SETBIT b 7 1
SETBIT b 7 0
SETBIT b 7 1
SETBIT b 100 1
GET b
SETBIT b -1 1
SETBIT b x 1
SETBIT b 1 2
SETBIT b 1 -1
SETBIT b 1 x
SETBIT b 4294967296 0
SETBIT b 1
GETBIT b 7
GETBIT b 8
GETBIT b 100000
GETBIT b -1
GETBIT b x
GETBIT nokey 0
GETBIT b 4294967296
BITCOUNT b
BITCOUNT b 0 0
BITCOUNT b 0 -1
BITCOUNT b -1 -1
BITCOUNT b 0
BITCOUNT b 0 x
BITCOUNT b x 0
BITCOUNT b 0 -1 BIT
BITCOUNT b 0 7 BIT
BITCOUNT b 7 7 bit
BITCOUNT b 0 -1 BYTE
BITCOUNT b 0 -1 FOO
BITCOUNT b 0 -1 BIT x
BITCOUNT b -100 -50
BITCOUNT b 5 2
BITCOUNT b -9223372036854775808 9223372036854775807
BITCOUNT b -9223372036854775808 9223372036854775807 BIT
BITCOUNT nokey
BITCOUNT nokey 0 1
BITCOUNT nokey 0
BITCOUNT nokey 0 x
SET s "\\xff\\xf0\\x00"
SET s2 foobar
BITCOUNT s2
BITCOUNT s2 1 1
BITCOUNT s2 5 30 BIT
BITPOS s2 1
BITPOS s2 0
BITPOS s2 1 2
BITPOS s2 1 2 -1
BITPOS s2 1 2 -1 BIT
BITPOS s2 1 7 15 BIT
BITPOS s2 0 1 1 BYTE
BITPOS s2 2
BITPOS s2 x
BITPOS s2 1 x
BITPOS s2 1 0 x
BITPOS s2 1 0 -1 FOO
BITPOS s2 1 0 -1 BIT x
BITPOS s2
BITPOS nokey 0
BITPOS nokey 1
BITPOS nokey 0 5
BITPOS nokey 0 x
SET ones "\\xff"
SETBIT f 7 1
SETBIT f 0 1
SETBIT f 1 1
SETBIT f 2 1
SETBIT f 3 1
SETBIT f 4 1
SETBIT f 5 1
SETBIT f 6 1
BITPOS f 0
BITPOS f 0 0
BITPOS f 0 0 0
BITPOS f 0 0 -1 BIT
BITPOS f 1 -1 -1
BITPOS f 1 5 2
BITPOS f 1 -100 100
SET e ""
BITCOUNT e
BITPOS e 0
BITPOS e 1
GETBIT e 0
BITOP AND d s2 b
GET d
BITOP OR d s2 b
GET d
BITOP XOR d s2 b
GET d
BITOP NOT d s2
GET d
BITOP NOT d s2 b
BITOP FOO d s2
BITOP AND d
BITOP and d nokey
EXISTS d
BITOP OR d nokey nokey2
EXISTS d
BITOP AND d s2 nokey
GET d
BITOP NOT d nokey
BITOP NOT d e
EXISTS d
BITOP
"""

SCRIPTS["bitfield"] = """
BITFIELD bf
BITFIELD bf GET u8 0
BITFIELD bf SET u8 0 255
BITFIELD bf GET u8 0 GET i8 0 GET u4 4 GET i4 4
BITFIELD bf SET i8 0 -128 GET i8 0
BITFIELD bf INCRBY u8 0 200
BITFIELD bf INCRBY u8 0 200
BITFIELD bf OVERFLOW SAT INCRBY u8 0 200
BITFIELD bf OVERFLOW FAIL INCRBY u8 0 200
BITFIELD bf OVERFLOW WRAP INCRBY i8 0 200
BITFIELD bf OVERFLOW SAT INCRBY i8 0 -1000
BITFIELD bf OVERFLOW SAT INCRBY i8 0 1000
BITFIELD bf OVERFLOW FAIL INCRBY i8 0 1000 INCRBY i8 0 1
BITFIELD bf OVERFLOW sat SET i8 0 1000
BITFIELD bf OVERFLOW FAIL SET u8 0 1000
BITFIELD bf OVERFLOW FAIL SET u8 0 255
BITFIELD bf OVERFLOW FOO
BITFIELD bf OVERFLOW
BITFIELD bf GET u64 0
BITFIELD bf GET i64 0
BITFIELD bf GET u63 0
BITFIELD bf GET i65 0
BITFIELD bf GET u0 0
BITFIELD bf GET i0 0
BITFIELD bf GET x8 0
BITFIELD bf GET u8 -1
BITFIELD bf GET u8 x
BITFIELD bf GET u8 #1
BITFIELD bf SET u8 #1 7 GET u8 8
BITFIELD bf GET u8 #x
BITFIELD bf GET u8 #-1
BITFIELD bf GET u8 4294967295
BITFIELD bf GET u8 4294967296
BITFIELD bf GET u8 #536870911
BITFIELD bf GET u8 #536870912
BITFIELD bf SET i64 0 -9223372036854775808 GET i64 0
BITFIELD bf INCRBY i64 0 -1
BITFIELD bf SET u63 0 9223372036854775807 GET u63 0
BITFIELD bf SET u8 0 x
BITFIELD bf INCRBY u8 0 x
BITFIELD bf SET u8 0
BITFIELD bf GET u8
BITFIELD bf FOO u8 0
BITFIELD bf GET U8 0
BITFIELD bf get u8 0 set u8 0 1 incrby u8 0 1 overflow wrap
BITFIELD bf SET i8 0 -129
BITFIELD bf SET u8 0 -1
BITFIELD bf SET i5 100 15 GET i5 100 GET u5 100
BITFIELD nokey GET u8 0
EXISTS nokey
BITFIELD nokey2 OVERFLOW FAIL INCRBY u2 0 5
EXISTS nokey2
BITFIELD nokey3 OVERFLOW FAIL INCRBY u2 0 2
GET nokey3
BITFIELD_RO bf GET u8 0 GET i4 4
BITFIELD_RO bf SET u8 0 1
BITFIELD_RO bf INCRBY u8 0 1
BITFIELD_RO bf OVERFLOW WAP
BITFIELD_RO bf
BITFIELD_RO nokey GET u8 0
BITFIELD_RO bf GET u64 0
BITFIELD_RO
BITFIELD bf SET u8 0 1 GET u64 0
GET bf
"""

SCRIPTS["hyperloglog"] = """
PFADD h
PFADD h a b c
PFADD h a
PFADD h d
PFCOUNT h
PFCOUNT nokey
PFCOUNT h nokey
PFCOUNT
GET h
PFADD h2 x y a
PFCOUNT h h2
PFMERGE m h h2
PFCOUNT m
GET m
PFMERGE m2
EXISTS m2
TYPE m2
PFMERGE m3 nokey
PFCOUNT m3
PFMERGE
PFADD empty
GET empty
SET str foo
PFADD str a
PFCOUNT str
PFCOUNT h str
PFMERGE str h
PFMERGE m str
SET str2 HYLLxxxxxxxxxxxxxxxxxxxx
PFADD str2 a
PFCOUNT str2
SET str3 HYLL
PFCOUNT str3
SET str4 ""
PFCOUNT str4
"""

SCRIPTS["sort"] = """
RPUSH l 3 1 2 10 -1 1.5
SORT l
SORT l DESC
SORT l ALPHA
SORT l ALPHA DESC
SORT l LIMIT 1 2
SORT l LIMIT 1
SORT l LIMIT x 1
SORT l LIMIT -1 2
SORT l LIMIT 2 -1
SORT l FOO
SORT l BY nosort
SORT l BY w_*
MSET w_3 1 w_1 3 w_2 2 w_10 0 w_-1 -5 w_1.5 x o_3 c o_1 a o_2 b
SORT l BY w_*
SORT l BY w_* ALPHA
SORT l BY w_* GET # GET o_*
SORT l BY nosort GET o_* GET #
SORT l BY w_*->f
SORT l GET o_*->f
HSET hh_3 f 3 hh_1 f 1
HSET hh_1 f 1
SORT l BY hh_*->f GET hh_*->f
SORT l STORE dst
LRANGE dst 0 -1
SORT l BY nosort STORE dst
SORT nokey STORE dst
EXISTS dst
SORT l STORE
SORT_RO l STORE dst
SORT_RO l
SORT_RO l BY w_* GET #
SORT_RO nokey
SADD s 3 1 2
SORT s
SORT s DESC LIMIT 0 2
~ SORT s BY nosort
ZADD z 3 a 1 b 2 c
SORT z ALPHA
SORT z BY nosort
SORT z BY nosort DESC
SORT z BY nosort LIMIT 1 1
SORT z BY nosort DESC LIMIT 0 2
RPUSH al b a c
SORT al
SORT al ALPHA
SORT al DESC ALPHA LIMIT 0 1
SORT al alpha desc
SET str v
SORT str
SORT l GET
SORT l BY
SORT l ASC
SORT l ALPHA ALPHA
SET nums 1
SORT l GET nums
SORT l BY nums
SORT
RPUSH big 1e400 inf nan
SORT big
"""

SCRIPTS["object_and_types"] = """
SET i 12345
OBJECT ENCODING i
SET e hello
OBJECT ENCODING e
SET r xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
OBJECT ENCODING r
RPUSH l a
OBJECT ENCODING l
SADD s 1
OBJECT ENCODING s
HSET h a b
OBJECT ENCODING h
ZADD z 1 a
OBJECT ENCODING z
PFADD p a
OBJECT ENCODING p
SETBIT b 0 1
OBJECT ENCODING b
OBJECT ENCODING nokey
OBJECT ENCODING
OBJECT FOO z
TYPE s
TYPE h
TYPE z
TYPE p
TYPE nokey
"""

ints = " ".join(str(i) for i in range(513))
fields = " ".join(f"f{i} {i}" for i in range(129))
SCRIPTS["encoding_thresholds"] = f"""
SADD s {ints}
OBJECT ENCODING s
SREM s 512
OBJECT ENCODING s
SADD s2 {ints[:-4]}
OBJECT ENCODING s2
SUNIONSTORE u s2 s2
OBJECT ENCODING u
SINTERSTORE i s2 s
OBJECT ENCODING i
SDIFFSTORE d s2 nokey
OBJECT ENCODING d
SMOVE s s2 512
SADD s3 1 2 3
SMOVE s s3 100
OBJECT ENCODING s3
HSET h {fields}
OBJECT ENCODING h
HDEL h f0
OBJECT ENCODING h
HSET h2 {fields[:fields.rindex(" f128")]}
OBJECT ENCODING h2
HSET h3 f xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
OBJECT ENCODING h3
HSET h4 f xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
OBJECT ENCODING h4
ZADD z {" ".join(f"{i} m{i}" for i in range(129))}
OBJECT ENCODING z
ZREMRANGEBYRANK z 0 100
OBJECT ENCODING z
ZADD z2 {" ".join(f"{i} m{i}" for i in range(128))}
OBJECT ENCODING z2
ZADD z3 1 xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
OBJECT ENCODING z3
ZADD z4 1 xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
OBJECT ENCODING z4
ZUNIONSTORE zu 2 z2 z3
OBJECT ENCODING zu
ZINTERSTORE zi 2 z z2
OBJECT ENCODING zi
ZDIFFSTORE zd 1 z4
OBJECT ENCODING zd
ZRANGESTORE zr z 0 5
OBJECT ENCODING zr
ZUNIONSTORE zs 1 s
OBJECT ENCODING zs
ZCARD zs
ZINTERCARD 2 s z2
ZINTERCARD 2 s z2 LIMIT 3
SINTERCARD 2 s s2 LIMIT 10
SORT s LIMIT 0 5 DESC
SORT s STORE sl
OBJECT ENCODING sl
LLEN sl
SORT h
"""

SCRIPTS["more_edges"] = """
HSET h n 123 neg -5 z 0 big 18446744073709551616
HSTRLEN h n
HSTRLEN h neg
HSTRLEN h big
HMGET h n n nofield n
HINCRBYFLOAT h n 0
HINCRBY h big 1
HINCRBYFLOAT h big 1
HINCRBY h z 9223372036854775807
HINCRBY h z 1
HINCRBY h neg -9223372036854775804
HINCRBY h neg -9223372036854775803
HGET h neg
SETBIT b 0 01
SETBIT b 0 " 1"
SETBIT b 0 +1
SETBIT b 01 1
SETBIT b +1 1
SETBIT b 1.0 1
GETBIT b 01
GETBIT b " 1"
BITCOUNT b 01 1
BITCOUNT b 0 -1 BIT 1
BITPOS b 01
BITPOS b 1 01
SADD s 1 2 3
SPOP s 01
SPOP s 0x1
SRANDMEMBER s 01
SINTERCARD 02 s s
SINTERCARD 2 s s LIMIT 01
ZADD z 1 a 2 b
ZRANGE z 00 01
ZRANGE z -0 1
ZRANGE z 0 1 BYSCORE LIMIT 00 01
ZRANDMEMBER z 01
ZMPOP 01 z MIN
ZMPOP 1 z MIN COUNT 01
ZUNION 01 z
HRANDFIELD h 01
HSCAN h 00
HSCAN h 0 COUNT 01
SSCAN s 0 COUNT 01
ZSCAN z 01
BITFIELD b GET u8 01
BITFIELD b GET u08 0
BITFIELD b GET u+8 0
BITFIELD b GET u8 #01
BITFIELD b SET u8 0 0x1
BITFIELD b INCRBY u8 0 +1
BITFIELD b INCRBY i64 0 9223372036854775807 INCRBY i64 0 1
BITFIELD b OVERFLOW SAT INCRBY i64 0 9223372036854775807 INCRBY i64 0 1
BITFIELD b OVERFLOW FAIL INCRBY i64 0 -9223372036854775808 INCRBY i64 0 -9223372036854775808
BITFIELD b OVERFLOW SAT SET u63 0 9223372036854775807 INCRBY u63 0 1
BITFIELD b OVERFLOW WRAP SET u63 0 9223372036854775807 INCRBY u63 0 1
BITFIELD b OVERFLOW SAT SET u8 0 -1
BITFIELD b OVERFLOW WRAP SET i8 0 128
BITFIELD b OVERFLOW FAIL SET i8 0 128 GET i8 0
BITFIELD b GET i1 0 GET u1 0 GET i63 1 GET u32 30
BITFIELD b SET u8 0 1 OVERFLOW
BITFIELD b SET u8 #-0 1
BITFIELD b GET u8 9223372036854775807
BITFIELD b GET u8 #9223372036854775807
BITFIELD b GET u8 4294967288
BITFIELD b SET u8 4294967288 1
BITFIELD b SET u8 #536870911 1
BITFIELD_RO b GET u8 #536870911
BITFIELD_RO b GET
BITFIELD_RO b GET u8 0 OVERFLOW SAT
BITFIELD_RO b OVERFLOW SAT GET u8 0
SET long "\\x00\\x00\\x00\\x01\\xff\\x00\\xf0\\x0f\\x80"
BITPOS long 1
BITPOS long 0 3
BITPOS long 1 -3
BITPOS long 0 4 4
BITPOS long 0 4 -1
BITPOS long 1 8 8
BITPOS long 0 -1
BITPOS long 1 33 70 BIT
BITPOS long 0 32 39 BIT
BITPOS long 0 32 38 BIT
BITPOS long 1 -9223372036854775808 9223372036854775807 BIT
BITCOUNT long 1 3 BIT
BITCOUNT long -3 -1 BIT
BITCOUNT long -300 -200 BIT
BITCOUNT long 9 100
BITCOUNT long -1 0
SET short "\\xff"
BITOP AND r long short
GET r
BITOP OR r long short nokey
GET r
BITOP XOR r short short
GET r
BITOP NOT r long
GET r
BITOP AND short short
GET short
"""

# All 16384 registers, then a VAL opcode past the end (corrupt).
HLL_SPARSE_BAD = "HYLL\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x7f\\xff\\x84"
HLL_DENSE_SHORT = "HYLL\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00"
HLL_BAD_ENC = "HYLL\\x05\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x7f\\xff"
HLL_SPARSE_OK = "HYLL\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x7f\\xff"
SCRIPTS["hyperloglog_encodings"] = " ".join(["PFADD big"] + [f"e{i}" for i in range(3000)]) + f"""
GET big
PFCOUNT big
GET big
PFADD small a b c
PFCOUNT small
GET small
PFADD small a
GET small
PFADD small zz
GETRANGE small 0 15
PFCOUNT small big
PFMERGE small big
GET small
PFCOUNT small
PFMERGE dest small
STRLEN dest
PFMERGE nd nokey
GET nd
PFMERGE nd2 nokey small
STRLEN nd2
PFADD sp {" ".join(f"x{i}" for i in range(200))}
GET sp
CONFIG SET hll-sparse-max-bytes 30
PFADD sp y1 y2 y3
STRLEN sp
CONFIG SET hll-sparse-max-bytes 3000
SET bad1 "{HLL_SPARSE_BAD}"
PFCOUNT bad1
PFCOUNT bad1 small
PFMERGE bad1
PFMERGE bad1b bad1
PFADD bad1 a
SET bad2 "{HLL_DENSE_SHORT}"
PFCOUNT bad2
PFADD bad2 a
PFMERGE bad2 small
PFMERGE small bad2
SET bad3 "{HLL_BAD_ENC}"
PFCOUNT bad3
PFADD bad3 x
SET ok "{HLL_SPARSE_OK}"
PFCOUNT ok
PFADD ok x
PFCOUNT ok
SET notstr x
PFADD notstr x
PFCOUNT notstr small
RPUSH lst a
PFADD lst a
PFCOUNT lst
PFMERGE lst small
PFMERGE small lst
OBJECT ENCODING small
TYPE small
APPEND small x
PFCOUNT small
"""

SCRIPTS["watch_and_dirty"] = """
SADD s a
HSET h f v
ZADD z 1 a
SET b x
PFADD p a
WATCH s
SREM s nomember
MULTI
EXEC
WATCH h
HDEL h nofield
HSET h f v
MULTI
EXEC
WATCH z
ZADD z XX 1 nomember
ZADD z 1 a
ZREM z nomember
ZREMRANGEBYSCORE z 5 6
MULTI
EXEC
WATCH z
ZINCRBY z 0 a
MULTI
EXEC
WATCH d
SINTERSTORE d s nokey
MULTI
EXEC
WATCH d
ZUNIONSTORE d 1 nokey
MULTI
EXEC
WATCH p
PFADD p a
MULTI
EXEC
WATCH p
PFCOUNT p
MULTI
EXEC
WATCH p
PFCOUNT p
MULTI
EXEC
WATCH b
SETBIT b 1 1
MULTI
EXEC
WATCH b
SETBIT b 1 1
MULTI
EXEC
WATCH b
BITFIELD b GET u8 0
MULTI
EXEC
WATCH b
BITFIELD b OVERFLOW FAIL INCRBY u2 0 100
MULTI
EXEC
WATCH d
BITOP AND d nokey
MULTI
EXEC
WATCH h
HINCRBY h n 0
MULTI
EXEC
WATCH s
SMOVE s s a
MULTI
EXEC
WATCH s
SPOP s 0
MULTI
EXEC
WATCH z
ZPOPMIN z 0
MULTI
EXEC
WATCH d
SORT nokey STORE d
MULTI
EXEC
WATCH d
ZRANGESTORE d nokey 0 -1
MULTI
EXEC
"""

SCRIPTS["sort_ties_and_binary"] = """
RPUSH eq 1.0 1 01 1e0 +1 2 0x1
SORT eq
RPUSH eq2 1.0 1 01 1e0 +1 2
SORT eq2
SORT eq2 DESC
SORT eq2 BY nokey_*
SORT eq2 BY nokey_* DESC
SORT eq2 BY nokey_* ALPHA
SORT eq2 ALPHA DESC LIMIT 1 3
MSET w_1 5 w_01 5 w_2 -1
SORT eq2 BY w_*
SORT eq2 BY w_* DESC GET # GET w_*
SORT eq2 BY w_* LIMIT 0 0
SORT eq2 BY w_* LIMIT 9223372036854775807 9223372036854775807
SORT eq2 LIMIT -9223372036854775808 2
SADD hs a b c d e f g h i j k l m n o p
SORT hs BY nosort STORE d
LRANGE d 0 -1
SORT hs ALPHA LIMIT 2 3
SORT hs BY nosort ALPHA LIMIT 0 3 STORE d2
LRANGE d2 0 -1
HSET hw_a f 3
HSET hw_b f 1
HSET hw_c f 2
RPUSH ab a b c
SORT ab BY hw_*->f
SORT ab BY hw_*->f GET hw_*->f GET #
SORT ab BY hw_*->nofield
SORT ab BY hw_*->
SORT ab BY hw_->f
SORT ab GET hw_*->f->g
SORT ab BY *
SORT ab BY * ALPHA
SET n 12345
SETBIT n 0 1
GET n
OBJECT ENCODING n
SET n2 12345
GETBIT n2 2
BITCOUNT n2
BITPOS n2 1
BITFIELD n2 GET u8 0
OBJECT ENCODING n2
BITOP NOT n3 n2
GET n3
SADD bin "a\\x00b" "a\\x00c" ""
SISMEMBER bin "a\\x00b"
SCARD bin
HSET hbin "f\\x00" "v\\x00v"
HGETALL hbin
HSTRLEN hbin "f\\x00"
ZADD zbin 1 "m\\x00" 2 "m"
ZRANGE zbin 0 -1 WITHSCORES
ZRANGEBYLEX zbin - +
ZSCORE zbin "m\\x00"
PFADD pbin "\\x00" "\\x00\\x00"
PFCOUNT pbin
GET pbin
"""

SCRIPTS["string_and_list_encodings"] = """
SET a 123
OBJECT ENCODING a
SET a -9223372036854775808
OBJECT ENCODING a
SET a 9223372036854775808
OBJECT ENCODING a
SET a 0123
OBJECT ENCODING a
SET a " 1"
OBJECT ENCODING a
SET a xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
OBJECT ENCODING a
SET a xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxy
OBJECT ENCODING a
SET a 1
APPEND a 2
OBJECT ENCODING a
INCR a
OBJECT ENCODING a
SET a abc
SETRANGE a 1 x
OBJECT ENCODING a
SET a 10
INCRBYFLOAT a 1.5
OBJECT ENCODING a
SET a 10
INCRBYFLOAT a 1.0
OBJECT ENCODING a
SET a 10000
OBJECT ENCODING a
GETRANGE a 0 1
SET a 1.5
OBJECT ENCODING a
PFADD p a
OBJECT ENCODING p
SETBIT a 100 1
OBJECT ENCODING a
RPUSH l a
OBJECT ENCODING l
RPUSH l xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
OBJECT ENCODING l
LPUSH l2 1
OBJECT ENCODING l2
"""

def stores_and_ttl():
    """Each store over an existing key with a TTL: whether the TTL survives and the type after
    (overwrites drop it, in-place writes such as SMOVE, PFMERGE, SETBIT and HSET keep it)."""
    lines = ["SADD a 1 2 3", "SADD b 2 3 4", "ZADD za 1 x 2 y", "ZADD zb 3 y", "SET s1 foo",
             "PFADD p1 a", "RPUSH l 3 1 2"]
    # (command, how the destination exists beforehand)
    stores = [("SINTERSTORE d a b", "SET d x"), ("SUNIONSTORE d a b", "SET d x"),
              ("SDIFFSTORE d a b", "SET d x"), ("ZUNIONSTORE d 2 za zb", "SET d x"),
              ("ZINTERSTORE d 2 za zb", "SET d x"), ("ZDIFFSTORE d 2 za zb", "SET d x"),
              ("ZRANGESTORE d za 0 -1", "SET d x"), ("SORT l STORE d", "SET d x"),
              ("BITOP OR d s1 s1", "SET d x"), ("PFMERGE d p1", "PFADD d q"),
              ("SMOVE a d 1", "SADD d m"), ("SINTERSTORE d a nokey", "SET d x"),
              ("ZUNIONSTORE d 1 nokey", "SET d x"), ("SORT nokey STORE d", "SET d x"),
              ("BITOP OR d nokey", "SET d x"), ("SETBIT d 1 1", "SET d x"),
              ("ZADD d 1 m", "ZADD d 5 q"), ("HSET d f v", "HSET d q 1"), ("SADD d m", "SADD d q"),
              ("PFADD d zz", "PFADD d q"), ("ZINCRBY d 1 m", "ZADD d 5 q"),
              ("HINCRBY d f 1", "HSET d q 1"), ("BITFIELD d SET u8 0 1", "SET d x")]
    for command, before in stores:
        lines += ["DEL d", before, "EXPIRE d 1000", command, "TTL d", "TYPE d"]
    return "\n".join(lines)


SCRIPTS["stores_and_ttl"] = stores_and_ttl()

def score_formatting():
    """Doubles as ZSCORE, ZINCRBY, ZADD INCR, HINCRBYFLOAT and INCRBYFLOAT print them."""
    values = ["1.7976931348623157e308", "5e-324", "2.2250738585072014e-308", "123456789.123",
              "0.1", "1e15", "1e16", "1e17", "123456789012345678", "-0.0", "1.5e-7", "100",
              "3.14159265358979323846", "9007199254740993", "0.30000000000000004", "-1e-300",
              "4.9406564584124654e-324", "1e22", "1e21"]
    lines = []
    for i, v in enumerate(values):
        lines += [f"ZADD z {v} m{i}", f"ZSCORE z m{i}", f"ZINCRBY z 0 m{i}",
                  f"ZADD z INCR 0 m{i}", f"HINCRBYFLOAT h f{i} {v}", f"HINCRBYFLOAT h f{i} 0",
                  f"INCRBYFLOAT s{i} {v}"]
    lines += ["ZRANGE z 0 -1 WITHSCORES", "ZRANGEBYSCORE z -inf +inf WITHSCORES",
              "ZMSCORE z m0 m1 m2 nokey", "ZPOPMIN z", "ZPOPMAX z 2",
              "ZUNION 1 z WITHSCORES WEIGHTS 3", "ZSCAN z 0 COUNT 100"]
    return "\n".join(lines)


SCRIPTS["score_formatting"] = score_formatting()

CONTENT_COMMANDS = """
HSET HSETNX HGET HMGET HMSET HDEL HLEN HSTRLEN HEXISTS HKEYS HVALS HGETALL HINCRBY HINCRBYFLOAT
HRANDFIELD HSCAN SADD SREM SMEMBERS SISMEMBER SMISMEMBER SCARD SPOP SRANDMEMBER SMOVE SINTER
SINTERCARD SINTERSTORE SUNION SUNIONSTORE SDIFF SDIFFSTORE SSCAN ZADD ZINCRBY ZREM ZCARD ZCOUNT
ZLEXCOUNT ZSCORE ZMSCORE ZRANK ZREVRANK ZRANGE ZRANGESTORE ZREVRANGE ZRANGEBYSCORE
ZREVRANGEBYSCORE ZRANGEBYLEX ZREVRANGEBYLEX ZREMRANGEBYRANK ZREMRANGEBYSCORE ZREMRANGEBYLEX
ZPOPMIN ZPOPMAX ZMPOP ZRANDMEMBER ZUNION ZUNIONSTORE ZINTER ZINTERSTORE ZINTERCARD ZDIFF
ZDIFFSTORE ZSCAN SETBIT GETBIT BITCOUNT BITPOS BITOP BITFIELD BITFIELD_RO PFADD PFCOUNT PFMERGE
SORT SORT_RO
""".split()

SCRIPTS["command_info"] = "\n".join(
    [f"COMMAND INFO {c}" for c in CONTENT_COMMANDS] + [f"COMMAND DOCS {c}" for c in CONTENT_COMMANDS]
    + ["COMMAND GETKEYS " + c for c in (
        "SINTERSTORE d a b", "ZUNIONSTORE d 2 a b WEIGHTS 1 2", "ZINTERCARD 2 a b",
        "SORT l BY w_* STORE d", "SORT_RO l", "ZMPOP 2 a b MIN", "SMOVE a b m",
        "BITOP AND d a b", "PFMERGE d a b", "ZRANGESTORE d s 0 1", "SINTERCARD 2 a b LIMIT 1",
        "ZDIFF 2 a b", "HSET h f v", "PFCOUNT a b c")])


def argument_sweep():
    """Every command of the surface with a few argument shapes on a key of each type: arity
    errors, WRONGTYPE, syntax and number errors in Redis's order of checks."""
    setup = ["DEL str h s z l", "SET str 1", "HSET h a 1 b 2", "SADD s 1 2", "ZADD z 1 a 2 b",
             "RPUSH l a"]
    shapes = ["", "x", "x y", "1 2 3", "0 -1 WITHSCORES", "a 1 b 2", "1 k2 k3 LIMIT 1"]
    random_picks = {"SPOP", "SRANDMEMBER", "HRANDFIELD", "ZRANDMEMBER"}
    lines = []
    for name in CONTENT_COMMANDS:
        lines += setup + [name, name.lower(), name.capitalize() + " a"]
        mode = "? " if name in random_picks else ""
        for key in ("str", "h", "s", "z", "l", "nokey"):
            lines += [f"{mode}{name} {key} {shape}".rstrip() for shape in shapes]
    return "\n".join(lines)


SCRIPTS["argument_sweep"] = argument_sweep()

def read_tree(c):
    """One reply as (type byte, header line, [children as raw bytes])."""
    line = c.read_line()
    t = line[:1]
    if t in b"*%~>|" and int(line[1:-2]) >= 0:
        n = int(line[1:-2])
        return t, line, [read_raw(c) for _ in range(n * 2 if t in b"%|" else n)]
    if t in b"$=!" and int(line[1:-2]) >= 0:
        return t, line + c.read_exact(int(line[1:-2]) + 2), []
    return t, line, []


def shape(raw):
    """The reply types of a raw reply, nested (e.g. b"*2" [b"$", b","]), without the values."""
    def walk(i):
        end = raw.index(b"\r\n", i)
        t, n = raw[i:i + 1], raw[i + 1:end]
        i = end + 2
        if t in b"$=!" and int(n) >= 0:
            return t, i + int(n) + 2
        if t in b"*%~>|" and int(n) >= 0:
            kids = []
            for _ in range(int(n) * (2 if t in b"%|" else 1)):
                kid, i = walk(i)
                kids.append(kid)
            return (t + n, kids), i
        return t, i
    return walk(0)[0]


def compare(mode, got, want):
    """True when the replies agree under the line's compare mode."""
    (gt, gline, gkids), (wt, wline, wkids) = got, want
    if mode == "":
        return (gline, gkids) == (wline, wkids)
    if gt == b"-" or wt == b"-":
        return (gline, gkids) == (wline, wkids)
    if mode == "?":
        return (gt == wt and len(gkids) == len(wkids) and (gkids == [] or gline == wline)
                and [shape(k) for k in gkids] == [shape(k) for k in wkids])
    pairs = mode == "~~" or gt in b"%|"

    def unordered(kids):
        if pairs:
            return sorted(zip(kids[::2], kids[1::2]))
        return sorted(kids)
    return gline == wline and unordered(gkids) == unordered(wkids)


COUNTERS = ("rdb_changes_since_last_save", "keyspace_hits", "keyspace_misses")


def info_counters(c):
    c.send_command("INFO", "all")
    fields = dict(line.split(":", 1) for line in read_raw(c).decode().splitlines()
                  if ":" in line and not line.startswith("$"))
    return [int(fields[name]) for name in COUNTERS]


def parse_script(text):
    for line in text.strip().splitlines():
        mode = ""
        for m in ("~~ ", "~ ", "? "):
            if line.startswith(m):
                mode, line = m.strip(), line[len(m):]
                break
        args = [a.encode("latin-1").decode("unicode_escape").encode("latin-1")
                for a in shlex.split(line)]
        yield mode, args


def run_script(a, b, text, protocol):
    """Runs the script on both connections; returns the differences as readable lines."""
    for c in (a, b):
        c.send_command("HELLO", str(protocol))
        read_raw(c)
        for cmd in [["FLUSHALL"], ["CONFIG", "RESETSTAT"]] + [
                ["CONFIG", "SET", k, v] for k, v in DEFAULT_LIMITS]:
            c.send_command(*cmd)
            read_raw(c)
    start = [info_counters(c) for c in (a, b)]
    diffs = []
    for mode, args in parse_script(text):
        a.send_command(*args)
        b.send_command(*args)
        got, want = read_tree(a), read_tree(b)
        if not compare(mode, got, want):
            diffs.append(f"{mode}{b' '.join(args)!r}\n   got  {got[1] + b''.join(got[2])!r}"
                         f"\n   want {want[1] + b''.join(want[2])!r}")
    # Writes count in dirty and reads as keyspace hits/misses as in Redis (deltas).
    end = [info_counters(c) for c in (a, b)]
    for i, name in enumerate(COUNTERS):
        got, want = end[0][i] - start[0][i], end[1][i] - start[1][i]
        if got != want:
            diffs.append(f"INFO {name} grew by {got}, Redis {want}")
    # Calls, rejected calls (arity, unknown subcommand) and failed calls per command.
    got, want = (command_stats(c) for c in (a, b))
    for name in sorted(set(got) | set(want)):
        if got.get(name) != want.get(name):
            diffs.append(f"INFO commandstats {name}: {got.get(name)}, Redis {want.get(name)}")
    return diffs


def command_stats(c):
    """INFO commandstats without the timings: {"cmdstat_hset": "calls=3,...", ...}."""
    c.send_command("INFO", "commandstats")
    stats = {}
    for line in read_raw(c).decode().splitlines():
        if line.startswith("cmdstat_"):
            name, fields = line.split(":", 1)
            stats[name] = ",".join(f for f in fields.split(",") if "usec" not in f)
    return stats


@pytest.fixture
def pair(server, reference):
    with RawConnection(server.port) as a, RawConnection(reference.port) as b:
        yield a, b


@pytest.mark.parametrize("protocol", [2, 3])
@pytest.mark.parametrize("script", sorted(SCRIPTS))
def test_script_matches_redis(pair, script, protocol):
    diffs = run_script(*pair, SCRIPTS[script], protocol)
    assert not diffs, f"{len(diffs)} replies differ:\n" + "\n".join(diffs)


def random_stream(rng):
    """Random commands over a few hash, set, bitmap and HyperLogLog keys (small encoding
    limits, so transitions happen), with bad arguments mixed in. Yields (mode, argv)."""
    keys = ["h1", "h2", "s1", "s2", "s3", "b1", "b2", "p1", "p2", "str", "nokey"]

    def k():
        return rng.choice(keys)

    def word():
        return rng.choice(["a", "b", "c", "1", "2", "-3", "10", "", "x" * rng.randint(1, 20),
                           "9223372036854775808", "01", str(rng.randint(-20, 20)), "1.5"])

    def num():
        return rng.choice(["0", "1", "-1", "3", "-5", "100", "x", "", "1.5", "2.5e3", "inf",
                           "-inf", "nan", "9223372036854775807", "-9223372036854775808",
                           "1e308", str(rng.randint(-50, 50))])

    def idx():
        return rng.choice(["0", "1", "-1", "2", "-2", "7", "-100", "100", "x", "3", "8",
                           "9223372036854775807", "-9223372036854775808", "#1", "#-1", "15"])

    def some(gen, lo=1, hi=4):
        return [gen() for _ in range(rng.randint(lo, hi))]

    def field_type():
        return rng.choice(["u1", "u8", "i8", "u16", "i5", "i64", "u63", "u64", "i0", "x8", "u"])

    def spop_then_del(key):
        return [("?", ["SPOP", key] + some(idx, 0, 1)), ("", ["DEL", key])]

    gens = [
        lambda: ("", ["HSET", k()] + sum([[word(), word()] for _ in range(rng.randint(0, 3))], [])),
        lambda: ("", ["HSETNX", k(), word(), word()]),
        lambda: ("", ["HGET", k(), word()]),
        lambda: ("", ["HMGET", k()] + some(word)),
        lambda: ("", ["HDEL", k()] + some(word)),
        lambda: ("", [rng.choice(["HLEN", "HSTRLEN", "HEXISTS"]), k()] + some(word, 0, 1)),
        lambda: ("~", [rng.choice(["HKEYS", "HVALS"]), k()]),
        lambda: ("~~", ["HGETALL", k()]),
        lambda: ("", ["HINCRBY", k(), word(), num()]),
        lambda: ("", ["HINCRBYFLOAT", k(), word(), num()]),
        lambda: ("?", ["HRANDFIELD", k()] + some(idx, 0, 1) + some(lambda: "WITHVALUES", 0, 1)),
        lambda: ("", ["SADD", k()] + some(word, 1, 6)),
        lambda: ("", ["SREM", k()] + some(word)),
        lambda: ("~", ["SMEMBERS", k()]),
        lambda: ("", ["SISMEMBER", k(), word()]),
        lambda: ("", ["SMISMEMBER", k()] + some(word)),
        lambda: ("", ["SCARD", k()]),
        # SPOP picks at random: the key is deleted after it so that both servers stay equal.
        lambda: spop_then_del(k()),
        lambda: ("?", ["SRANDMEMBER", k()] + some(idx, 0, 1)),
        lambda: ("", ["SMOVE", k(), k(), word()]),
        lambda: ("~", [rng.choice(["SINTER", "SUNION", "SDIFF"])] + some(k)),
        lambda: ("", [rng.choice(["SINTERSTORE", "SUNIONSTORE", "SDIFFSTORE"]), k()] + some(k)),
        lambda: ("", ["SINTERCARD", rng.choice(["1", "2", "3", "0", "x"])] + some(k)
                 + rng.choice([[], ["LIMIT", idx()]])),
        lambda: ("", ["SETBIT", k(), idx(), rng.choice(["0", "1", "2", "x"])]),
        lambda: ("", ["GETBIT", k(), idx()]),
        lambda: ("", ["BITCOUNT", k()] + rng.choice([[], [idx(), idx()], [idx(), idx(),
                                                     rng.choice(["BIT", "BYTE", "x"])]])),
        lambda: ("", ["BITPOS", k(), rng.choice(["0", "1"])] + some(idx, 0, 2)
                 + some(lambda: rng.choice(["BIT", "BYTE"]), 0, 1)),
        lambda: ("", ["BITOP", rng.choice(["AND", "OR", "XOR", "NOT", "x"]), k()] + some(k, 1, 3)),
        lambda: ("", [rng.choice(["BITFIELD", "BITFIELD_RO"]), k()] + sum(
            [rng.choice([["GET", field_type(), idx()], ["SET", field_type(), idx(), num()],
                         ["INCRBY", field_type(), idx(), num()],
                         ["OVERFLOW", rng.choice(["WRAP", "SAT", "FAIL", "x"])]])
             for _ in range(rng.randint(0, 3))], [])),
        lambda: ("", ["PFADD", k()] + some(word, 0, 5)),
        lambda: ("", ["PFCOUNT"] + some(k, 1, 3)),
        lambda: ("", ["PFMERGE", k()] + some(k, 0, 3)),
        lambda: ("", ["GET", k()]),
        lambda: ("", ["OBJECT", "ENCODING", k()]),
        lambda: ("", ["TYPE", k()]),
        lambda: ("~", ["SORT", k()] + rng.choice([[], ["ALPHA"], ["DESC"], ["LIMIT", idx(), idx()]])),
        lambda: ("", ["DEL", k()] if rng.random() < 0.3 else ["EXISTS", k()]),
    ]
    while True:
        step = rng.choice(gens)()
        yield from step if isinstance(step, list) else [step]


@pytest.mark.parametrize("seed", [int(x) for x in os.environ.get("AUDIT_SEEDS", "1 2 3").split()])
def test_random_commands_match_redis(pair, seed):
    rng = random.Random(seed)
    a, b = pair
    limits = [("hash-max-listpack-entries", "4"), ("set-max-intset-entries", "4"),
              ("hll-sparse-max-bytes", "60")]
    for c in (a, b):
        for cmd in [["FLUSHALL"], ["SET", "str", "x"]] + [["CONFIG", "SET", k, v] for k, v in limits]:
            c.send_command(*cmd)
            read_raw(c)
    diffs = []
    try:
        stream = random_stream(rng)
        for i in range(1500):
            if i == 750:
                for c in (a, b):
                    c.send_command("HELLO", "3")
                    read_raw(c)
            mode, args = next(stream)
            a.send_command(*args)
            b.send_command(*args)
            got, want = read_tree(a), read_tree(b)
            if not compare(mode, got, want):
                diffs.append(f"step {i} {mode}{b' '.join(map(encode_arg, args))!r}\n   got  "
                             f"{got[1] + b''.join(got[2])!r}\n   want {want[1] + b''.join(want[2])!r}")
    finally:
        for c in (a, b):
            for k, v in [("hash-max-listpack-entries", "128"), ("set-max-intset-entries", "512"),
                         ("hll-sparse-max-bytes", "3000")]:
                c.send_command("CONFIG", "SET", k, v)
                read_raw(c)
    assert not diffs, f"{len(diffs)} replies differ:\n" + "\n".join(diffs[:30])


# -- the random commands: membership, uniqueness and counts (on the server under test) ------


def members_of(raw, *command):
    reply = raw.command(*command)
    return list(reply) if isinstance(reply, (list, set)) else reply


@pytest.mark.parametrize("protocol", [2, 3])
@pytest.mark.parametrize("size", [3, 20, 600])  # intset/listpack and hashtable/skiplist sizes
def test_random_picks_follow_the_rules(server, protocol, size):
    with server.raw() as c:
        c.command("HELLO", str(protocol))
        c.command("FLUSHALL")
        ints = [str(i) for i in range(size)]
        words = [f"m{i}" for i in range(size)]
        c.command("SADD", "si", *ints)
        c.command("SADD", "sw", *words)
        c.command("HSET", "h", *[x for w in words for x in (w, "v" + w)])
        c.command("ZADD", "z", *[x for i, w in enumerate(words) for x in (str(i), w)])
        for key, universe in (("si", set(ints)), ("sw", set(words))):
            for n in (1, size // 2 + 1, size - 1, size, size + 5, size * 4):
                picked = [m.decode() for m in members_of(c, "SRANDMEMBER", key, n)]
                assert len(picked) == min(n, size) and len(set(picked)) == len(picked)
                assert set(picked) <= universe
                repeated = [m.decode() for m in members_of(c, "SRANDMEMBER", key, -n)]
                assert len(repeated) == n and set(repeated) <= universe
        for n in (1, size // 2 + 1, size, size * 2):
            pairs = c.command("HRANDFIELD", "h", n, "WITHVALUES")
            if protocol == 2:
                pairs = list(zip(pairs[::2], pairs[1::2]))
            assert len(pairs) == min(n, size) and len({f for f, _ in pairs}) == len(pairs)
            assert all(v == b"v" + f and f.decode() in words for f, v in pairs)
            pairs = c.command("HRANDFIELD", "h", -n, "WITHVALUES")
            if protocol == 2:
                pairs = list(zip(pairs[::2], pairs[1::2]))
            assert len(pairs) == n and all(v == b"v" + f for f, v in pairs)
            fields = c.command("HRANDFIELD", "h", n)
            assert all(isinstance(f, bytes) for f in fields) and len(set(fields)) == len(fields)
            scored = c.command("ZRANDMEMBER", "z", -n, "WITHSCORES")
            if protocol == 2:
                scored = [(m, float(sc)) for m, sc in zip(scored[::2], scored[1::2])]
            assert len(scored) == n
            assert all(float(words.index(m.decode())) == sc for m, sc in scored)
            scored = c.command("ZRANDMEMBER", "z", n, "WITHSCORES")
            assert len(scored) == min(n, size) * (2 if protocol == 2 else 1)
        popped = members_of(c, "SPOP", "sw", size // 2 + 1)
        assert len(popped) == size // 2 + 1 and len(set(popped)) == len(popped)
        left = members_of(c, "SMEMBERS", "sw")
        assert len(left) == size - len(popped) and not set(left) & set(popped)
        assert set(left) | set(popped) == {w.encode() for w in words}
        assert c.command("SPOP", "si") in {i.encode() for i in ints}
        assert c.command("SCARD", "si") == size - 1


def read_events(c):
    """The keyspace notifications a subscriber got, up to its PING reply."""
    c.send_command("PING")
    events = []
    while True:
        reply = c.read_reply()
        if reply == [b"pong", b""]:
            return events
        events.append(reply)


@pytest.mark.parametrize("script", sorted(set(SCRIPTS) - {"command_info"}))
def test_script_keyspace_events_match_redis(server, reference, script):
    """The same scripts with notify-keyspace-events KEA: the same events, in the same order."""
    conns = [RawConnection(s.port) for s in (server, reference)]
    subs = [RawConnection(s.port) for s in (server, reference)]
    try:
        for c, sub in zip(conns, subs):
            c.command("CONFIG", "SET", "notify-keyspace-events", "KEA")
            sub.command("PSUBSCRIBE", "__key*__:*")
        diffs = run_script(*conns, SCRIPTS[script], 2)
        got, want = (read_events(sub) for sub in subs)
        assert got == want, diffs
    finally:
        for c, sub in zip(conns, subs):
            c.command("CONFIG", "SET", "notify-keyspace-events", "")
            c.close()
            sub.close()


@pytest.mark.parametrize("count", [None, 1, 50])
def test_scans_of_large_collections_cover_everything(server, count):
    """HSCAN/SSCAN/ZSCAN over hash-table encodings: a full cursor loop returns every element
    (with values/scores), MATCH filters, and the cursor ends at 0."""
    with server.raw() as c:
        c.command("FLUSHALL")
        n = 700
        c.command("HSET", "h", *[x for i in range(n) for x in (f"f{i}", f"v{i}")])
        c.command("SADD", "s", *[f"m{i}" for i in range(n)])
        c.command("ZADD", "z", *[x for i in range(n) for x in (f"{i}.5", f"m{i}")])
        for cmd, key, pairs in (("HSCAN", "h", True), ("SSCAN", "s", False),
                                ("ZSCAN", "z", True)):
            for match in (None, "*1"):
                cursor, seen, calls = b"0", {}, 0
                while True:
                    args = [cmd, key, cursor] + (["MATCH", match] if match else []) + (
                        ["COUNT", count] if count else [])
                    cursor, items = c.command(*args)
                    calls += 1
                    assert calls < 5 * n
                    if pairs:
                        seen.update(zip(items[::2], items[1::2]))
                    else:
                        seen.update((m, None) for m in items)
                    if cursor == b"0":
                        break
                names = {k.decode() for k in seen}
                expected = {f"{'f' if cmd == 'HSCAN' else 'm'}{i}" for i in range(n)}
                if match:
                    expected = {e for e in expected if e.endswith("1")}
                assert names == expected, (cmd, match)
                if cmd == "HSCAN":
                    assert all(v == b"v" + k[1:] for k, v in seen.items())
                if cmd == "ZSCAN":
                    assert all(v == k[1:] + b".5" for k, v in seen.items())
