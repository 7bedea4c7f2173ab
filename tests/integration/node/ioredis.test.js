'use strict';
// ioredis against the server under test. Uses database 1 so that it can share a server
// (CAIRN_PORT) with the node-redis file, which node --test runs in parallel.

const assert = require('node:assert/strict');
const { before, after, beforeEach } = require('node:test');
const Redis = require('ioredis');
const { TestServer, sleep } = require('./helpers');

const DB = 1;
const server = new TestServer();
let redis;

function connect(options = {}) {
  return new Redis({
    host: '127.0.0.1', port: server.port, db: DB,
    maxRetriesPerRequest: 1, retryStrategy: () => null, connectTimeout: 5000, ...options,
  });
}

before(async () => {
  await server.start();
  redis = connect();
});

after(async () => {
  if (redis) redis.disconnect();
  await server.teardown();
});

beforeEach(async () => {
  await redis.flushdb();
});

const it = (name, fn) => server.test(name, fn);

it('connects and answers PING', async () => {
  assert.equal(await redis.ping(), 'PONG');
  assert.equal(await redis.ping('hello'), 'hello');
  assert.equal(redis.status, 'ready');
});

it('SET / GET / missing keys', async () => {
  assert.equal(await redis.set('k', 'v'), 'OK');
  assert.equal(await redis.get('k'), 'v');
  assert.equal(await redis.get('nosuch'), null);
  assert.equal(await redis.set('k', 'x', 'NX'), null);
  assert.equal(await redis.set('k', 'x', 'XX', 'GET'), 'v');
  assert.equal(await redis.exists('k', 'nosuch'), 1);
  assert.equal(await redis.del('k'), 1);
});

it('counters', async () => {
  assert.equal(await redis.incr('n'), 1);
  assert.equal(await redis.incrby('n', 41), 42);
  assert.equal(await redis.decr('n'), 41);
  assert.equal(await redis.decrby('n', 40), 1);
  assert.equal(await redis.incrbyfloat('f', '1.5'), '1.5');
  assert.equal(await redis.incrbyfloat('f', '0.25'), '1.75');
});

it('MSET / MGET', async () => {
  assert.equal(await redis.mset({ a: '1', b: '2' }), 'OK');
  assert.deepEqual(await redis.mget('a', 'nosuch', 'b'), ['1', null, '2']);
  assert.equal(await redis.msetnx('a', 'x', 'c', '3'), 0);
});

it('pipeline without MULTI', async () => {
  const results = await redis.pipeline()
    .set('p', '1').incr('p').get('p').incr('nosuch:int').mget('p', 'nosuch')
    .exec();
  assert.deepEqual(results, [[null, 'OK'], [null, 2], [null, '2'], [null, 1], [null, ['2', null]]]);
});

it('pipeline reports errors per command', async () => {
  await redis.set('s', 'text');
  const results = await redis.pipeline().incr('s').get('s').exec();
  assert.ok(results[0][0] instanceof Error);
  assert.equal(results[0][0].message, 'ERR value is not an integer or out of range');
  assert.deepEqual(results[1], [null, 'text']);
});

it('big pipeline of 5000 commands', async () => {
  const p = redis.pipeline();
  for (let i = 0; i < 5000; i++) p.incr('big');
  const results = await p.exec();
  assert.equal(results.length, 5000);
  assert.deepEqual(results[4999], [null, 5000]);
});

it('auto-pipelining of concurrent calls', async () => {
  const auto = connect({ enableAutoPipelining: true });
  try {
    const replies = await Promise.all(Array.from({ length: 1000 }, (_, i) => auto.set(`ap:${i}`, String(i))));
    assert.ok(replies.every((r) => r === 'OK'));
    const values = await Promise.all(Array.from({ length: 1000 }, (_, i) => auto.get(`ap:${i}`)));
    assert.deepEqual(values, Array.from({ length: 1000 }, (_, i) => String(i)));
  } finally {
    auto.disconnect();
  }
});

it('EXPIRE / TTL / PTTL / PERSIST and actual expiry', async () => {
  await redis.set('k', 'v', 'EX', 100);
  assert.equal(await redis.ttl('k'), 100);
  assert.ok((await redis.pttl('k')) > 99000);
  assert.equal(await redis.persist('k'), 1);
  assert.equal(await redis.ttl('k'), -1);
  assert.equal(await redis.ttl('nosuch'), -2);
  assert.equal(await redis.pexpire('k', 50), 1);
  await sleep(150);
  assert.equal(await redis.get('k'), null);
  assert.equal(await redis.expire('nosuch', 10), 0);
});

it('scanStream visits every key', async () => {
  const p = redis.pipeline();
  for (let i = 0; i < 500; i++) p.set(`scan:${i}`, 'v');
  p.set('other', 'v');
  await p.exec();
  const seen = new Set();
  await new Promise((resolve, reject) => {
    const stream = redis.scanStream({ match: 'scan:*', count: 50 });
    stream.on('data', (keys) => keys.forEach((k) => seen.add(k)));
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  assert.equal(seen.size, 500);
  assert.ok(!seen.has('other'));
});

it('binary Buffers round-trip', async () => {
  const key = Buffer.from([0x6b, 0x00, 0x0d, 0x0a, 0xff]);
  const value = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
  assert.equal(await redis.set(key, value), 'OK');
  assert.deepEqual(await redis.getBuffer(key), value);
  assert.equal(await redis.strlen(key), 256);
  const keys = await redis.keysBuffer('*');
  assert.deepEqual(keys, [key]);
});

it('large value of 1 MB', async () => {
  const value = 'x'.repeat(1024 * 1024);
  await redis.set('large', value);
  assert.equal(await redis.get('large'), value);
});

it('errors reject with the server message and the connection stays usable', async () => {
  await assert.rejects(redis.call('get'), (e) => {
    assert.equal(e.name, 'ReplyError');
    assert.equal(e.message, "ERR wrong number of arguments for 'get' command");
    return true;
  });
  await assert.rejects(redis.call('nosuchcommand', 'a'),
    { message: "ERR unknown command 'nosuchcommand', with args beginning with: 'a' " });
  await redis.set('s', 'text');
  await assert.rejects(redis.incr('s'), { message: 'ERR value is not an integer or out of range' });
  assert.equal(await redis.ping(), 'PONG');
});

it('INFO is parsed for the ready check', async () => {
  const info = await redis.info('server');
  assert.match(info, /^# Server\r\n/);
  assert.match(info, /redis_version:7\.0\.15\r\n/);
});

it('separate databases', async () => {
  const other = connect({ db: DB + 4 });
  try {
    await other.flushdb();
    await redis.set('where', 'db1');
    assert.equal(await other.get('where'), null);
    await other.set('where', 'db5');
    assert.equal(await redis.get('where'), 'db1');
    await other.flushdb();
  } finally {
    other.disconnect();
  }
});

it('QUIT closes cleanly', async () => {
  const c = connect();
  assert.equal(await c.ping(), 'PONG');
  assert.equal(await c.quit(), 'OK');
});
