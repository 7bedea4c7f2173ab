'use strict';
// node-redis v4 against the server under test. Uses database 2 (see ioredis.test.js).

const assert = require('node:assert/strict');
const { before, after, beforeEach } = require('node:test');
const { createClient, commandOptions } = require('redis');
const { TestServer, sleep } = require('./helpers');

const DB = 2;
const server = new TestServer();
let client;

async function connect(options = {}) {
  const c = createClient({
    socket: { host: '127.0.0.1', port: server.port, connectTimeout: 5000, reconnectStrategy: false },
    database: DB,
    ...options,
  });
  c.on('error', () => {});   // failures surface through the rejected promises
  await c.connect();
  return c;
}

before(async () => {
  await server.start();
  client = await connect();
});

after(async () => {
  if (client && client.isOpen) await client.disconnect();
  await server.teardown();
});

beforeEach(async () => {
  await client.flushDb();
});

const it = (name, fn) => server.test(name, fn);

it('connects and answers PING', async () => {
  assert.equal(await client.ping(), 'PONG');
  assert.ok(client.isReady);
});

it('SET / GET with options', async () => {
  assert.equal(await client.set('k', 'v'), 'OK');
  assert.equal(await client.get('k'), 'v');
  assert.equal(await client.get('nosuch'), null);
  assert.equal(await client.set('k', 'x', { NX: true }), null);
  assert.equal(await client.set('k', 'x', { XX: true, GET: true }), 'v');
  assert.equal(await client.set('e', 'v', { EX: 100 }), 'OK');
  assert.equal(await client.ttl('e'), 100);
  assert.equal(await client.getDel('k'), 'x');
  assert.equal(await client.exists(['k', 'e']), 1);
});

it('counters', async () => {
  assert.equal(await client.incr('n'), 1);
  assert.equal(await client.incrBy('n', 41), 42);
  assert.equal(await client.decr('n'), 41);
  assert.equal(await client.decrBy('n', 40), 1);
  assert.equal(await client.incrByFloat('f', 1.5), '1.5');
});

it('MSET / MGET', async () => {
  assert.equal(await client.mSet({ a: '1', b: '2' }), 'OK');
  assert.deepEqual(await client.mGet(['a', 'nosuch', 'b']), ['1', null, '2']);
  assert.equal(await client.mSetNX({ a: 'x', c: '3' }), false);
});

it('batch without MULTI (execAsPipeline)', async () => {
  const results = await client.multi()
    .set('p', '1').incr('p').get('p').mGet(['p', 'nosuch'])
    .execAsPipeline();
  assert.deepEqual(results, ['OK', 2, '2', ['2', null]]);
});

it('concurrent commands are auto-pipelined', async () => {
  const replies = await Promise.all(Array.from({ length: 2000 }, () => client.incr('auto')));
  assert.deepEqual([...replies].sort((a, b) => a - b), Array.from({ length: 2000 }, (_, i) => i + 1));
  assert.equal(await client.get('auto'), '2000');
});

it('EXPIRE / TTL and actual expiry', async () => {
  await client.set('k', 'v');
  assert.equal(await client.expire('k', 100), true);
  assert.equal(await client.ttl('k'), 100);
  assert.equal(await client.persist('k'), true);
  assert.equal(await client.ttl('k'), -1);
  assert.equal(await client.pExpire('k', 50), true);
  await sleep(150);
  assert.equal(await client.exists('k'), 0);
  assert.equal(await client.ttl('k'), -2);
});

it('scanIterator visits every key', async () => {
  await Promise.all(Array.from({ length: 500 }, (_, i) => client.set(`scan:${i}`, 'v')));
  await client.set('other', 'v');
  const seen = new Set();
  for await (const key of client.scanIterator({ MATCH: 'scan:*', COUNT: 50 })) {
    seen.add(key);
    assert.ok(seen.size <= 500);
  }
  assert.equal(seen.size, 500);
  assert.ok(!seen.has('other'));
  const typed = [];
  for await (const key of client.scanIterator({ TYPE: 'string', MATCH: 'oth*' })) typed.push(key);
  assert.deepEqual(typed, ['other']);
});

it('binary Buffers round-trip', async () => {
  const key = Buffer.from([0x62, 0x00, 0x0d, 0x0a, 0xfe]);
  const value = Buffer.from(Array.from({ length: 256 }, (_, i) => 255 - i));
  assert.equal(await client.set(key, value), 'OK');
  const got = await client.get(commandOptions({ returnBuffers: true }), key);
  assert.ok(Buffer.isBuffer(got));
  assert.deepEqual(got, value);
  assert.equal(await client.strLen(key), 256);
});

it('large value of 1 MB', async () => {
  const value = 'y'.repeat(1024 * 1024);
  await client.set('large', value);
  assert.equal(await client.get('large'), value);
});

it('errors reject with the server message and the connection stays usable', async () => {
  await assert.rejects(client.sendCommand(['GET']), (e) => {
    assert.equal(e.constructor.name, 'ErrorReply');
    assert.equal(e.message, "ERR wrong number of arguments for 'get' command");
    return true;
  });
  await assert.rejects(client.sendCommand(['SET', 'k', 'v', 'EX', '0']),
    { message: "ERR invalid expire time in 'set' command" });
  await client.set('s', 'text');
  await assert.rejects(client.incr('s'), { message: 'ERR value is not an integer or out of range' });
  assert.equal(await client.ping(), 'PONG');
});

it('sendCommand for raw replies', async () => {
  assert.equal(await client.sendCommand(['ECHO', 'hi']), 'hi');
  assert.deepEqual(await client.sendCommand(['CONFIG', 'GET', 'port']), ['port', String(server.port)]);
  const [secs, usecs] = await client.sendCommand(['TIME']);
  assert.ok(Math.abs(Number(secs) - Date.now() / 1000) < 5);
  assert.ok(Number(usecs) < 1e6);
});

it('QUIT closes cleanly', async () => {
  const c = await connect();
  assert.equal(await c.ping(), 'PONG');
  assert.equal(await c.quit(), 'OK');
  assert.equal(c.isOpen, false);
});
