'use strict';
// node-redis v5's client-side caching (RESP3 + CLIENT TRACKING) against the server under
// test: a locally cached value must never be served after another client changed the key.
// Uses database 3 (see ioredis.test.js).

const assert = require('node:assert/strict');
const { before, after } = require('node:test');
const { createClient, BasicClientSideCache } = require('redis5');
const { TestServer, sleep } = require('./helpers');

const DB = 3;
const server = new TestServer();
let cache;
let cached;
let writer;

function socket() {
  return { host: '127.0.0.1', port: server.port, connectTimeout: 5000, reconnectStrategy: false };
}

before(async () => {
  await server.start();
  cache = new BasicClientSideCache({ ttl: 0, maxEntries: 0 });
  cached = createClient({ socket: socket(), database: DB, RESP: 3, clientSideCache: cache });
  writer = createClient({ socket: socket(), database: DB });
  for (const c of [cached, writer]) {
    c.on('error', () => {});
    await c.connect();
  }
});

after(async () => {
  for (const c of [cached, writer]) if (c && c.isOpen) await c.close();
  await server.teardown();
});

const it = (name, fn) => server.test(name, fn);

// Invalidations arrive asynchronously: poll (bounded) until the cache dropped the value.
async function eventually(check) {
  for (let i = 0; i < 100; i++) {
    if (await check()) return true;
    await sleep(20);
  }
  return false;
}

it('serves repeated reads from the local cache', async () => {
  await writer.set('csc:a', '1');
  assert.equal(await cached.get('csc:a'), '1');
  const before = cache.stats().hitCount;
  assert.equal(await cached.get('csc:a'), '1');
  assert.equal(cache.stats().hitCount, before + 1);
});

it('sees a write from another client', async () => {
  await writer.set('csc:b', 'old');
  assert.equal(await cached.get('csc:b'), 'old');
  await writer.set('csc:b', 'new');
  assert.ok(await eventually(async () => (await cached.get('csc:b')) === 'new'));
});

it('sees deletes, expiry and flushes', async () => {
  await writer.set('csc:c', 'v');
  await writer.set('csc:d', 'v', { PX: 100 });
  assert.equal(await cached.get('csc:c'), 'v');
  assert.equal(await cached.get('csc:d'), 'v');
  await writer.del('csc:c');
  assert.ok(await eventually(async () => (await cached.get('csc:c')) === null));
  assert.ok(await eventually(async () => (await cached.get('csc:d')) === null));
  await writer.set('csc:e', 'v');
  assert.equal(await cached.get('csc:e'), 'v');
  await writer.flushDb();
  assert.ok(await eventually(async () => (await cached.get('csc:e')) === null));
});

it('sees its own writes', async () => {
  await cached.set('csc:f', '1');
  assert.equal(await cached.get('csc:f'), '1');
  await cached.set('csc:f', '2');
  assert.ok(await eventually(async () => (await cached.get('csc:f')) === '2'));
});

it('caches hash and list reads and invalidates them too', async () => {
  await writer.rPush('csc:l', ['a', 'b']);
  assert.deepEqual(await cached.lRange('csc:l', 0, -1), ['a', 'b']);
  await writer.rPush('csc:l', 'c');
  assert.ok(await eventually(async () => (await cached.lRange('csc:l', 0, -1)).length === 3));
});
