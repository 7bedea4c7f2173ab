'use strict';
// Lua scripts through the Node.js clients: ioredis's defineCommand (EVALSHA, falling back to
// EVAL on NOSCRIPT) and node-redis's defineScript, plus functions with FCALL. Database 3, so
// that it can share a server (CAIRN_PORT) with the other files.

const assert = require('node:assert/strict');
const { before, after, beforeEach } = require('node:test');
const Redis = require('ioredis');
const { createClient, defineScript } = require('redis');
const { TestServer } = require('./helpers');

const DB = 3;
const server = new TestServer();
let io;
let nr;

before(async () => {
  await server.start();
  io = new Redis({
    host: '127.0.0.1', port: server.port, db: DB,
    maxRetriesPerRequest: 1, retryStrategy: () => null, connectTimeout: 5000,
  });
  nr = createClient({
    socket: { host: '127.0.0.1', port: server.port, connectTimeout: 5000, reconnectStrategy: false },
    database: DB,
    scripts: {
      incrCapped: defineScript({
        NUMBER_OF_KEYS: 1,
        SCRIPT: "local v = redis.call('incr', KEYS[1]) "
          + "if v > tonumber(ARGV[1]) then redis.call('set', KEYS[1], ARGV[1]) return tonumber(ARGV[1]) end "
          + 'return v',
        transformArguments(key, cap) { return [key, cap.toString()]; },
        transformReply(reply) { return reply; },
      }),
    },
  });
  nr.on('error', () => {});
  await nr.connect();
});

after(async () => {
  if (io) io.disconnect();
  if (nr && nr.isOpen) await nr.disconnect();
  await server.teardown();
});

beforeEach(async () => {
  await io.flushdb();
  await io.script('FLUSH');
});

const it = (name, fn) => server.test(name, fn);

it('ioredis defineCommand loads the script on NOSCRIPT and reuses it', async () => {
  io.defineCommand('addJob', {
    numberOfKeys: 2,
    lua: "local id = redis.call('incr', KEYS[1]) "
      + "redis.call('hset', KEYS[2] .. id, 'data', ARGV[1]) "
      + "redis.call('zadd', KEYS[2] .. 'wait', id, id) "
      + "return {id, cjson.decode(ARGV[1]).name}",
  });
  assert.deepEqual(await io.addJob('ids', 'job:', JSON.stringify({ name: 'a' })), [1, 'a']);
  assert.deepEqual(await io.addJob('ids', 'job:', JSON.stringify({ name: 'b' })), [2, 'b']);
  assert.equal(await io.hget('job:2', 'data'), '{"name":"b"}');
  assert.deepEqual(await io.zrange('job:wait', 0, -1), ['1', '2']);
  // In a pipeline and in MULTI too.
  const res = await io.multi().addJob('ids', 'job:', '{"name":"c"}').get('ids').exec();
  assert.deepEqual(res, [[null, [3, 'c']], [null, '3']]);
});

it('ioredis script errors and conversions', async () => {
  io.defineCommand('boom', { numberOfKeys: 0, lua: "return redis.call('nosuch')" });
  await assert.rejects(io.boom(), /Unknown Redis command called from script/);
  assert.deepEqual(await io.eval('return {1, 2.9, "x", false, {ok="OK"}}', 0), [1, 2, 'x', null, 'OK']);
  await assert.rejects(io.evalsha('0'.repeat(40), 0), /NOSCRIPT/);
});

it('node-redis defineScript', async () => {
  assert.equal(await nr.incrCapped('c', 2), 1);
  assert.equal(await nr.incrCapped('c', 2), 2);
  assert.equal(await nr.incrCapped('c', 2), 2);
  assert.equal(await nr.get('c'), '2');
  const sha = await nr.scriptLoad('return ARGV[1]');
  assert.equal(await nr.evalSha(sha, { arguments: ['hi'] }), 'hi');
  assert.deepEqual(await nr.scriptExists(sha), [true]);
});

it('functions with FCALL', async () => {
  await io.call('FUNCTION', 'LOAD', 'REPLACE',
    "#!lua name=nodelib\nredis.register_function('double', function(keys, args) return args[1] * 2 end)");
  assert.equal(await io.call('FCALL', 'double', 0, 21), 42);
  assert.equal(await nr.sendCommand(['FCALL_RO', 'double', '0', '5']).catch((e) => e.message),
    "ERR Can not execute a script with write flag using *_ro command.");
  await io.call('FUNCTION', 'DELETE', 'nodelib');
});
