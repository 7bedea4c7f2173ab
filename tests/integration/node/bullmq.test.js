'use strict';
// BullMQ (v5) end to end against the server under test: BullMQ keeps all of its state in Redis
// and does nearly everything through Lua scripts (EVALSHA, cmsgpack, cjson) and streams (the
// queue's event stream: XADD ... MAXLEN ~, XREAD BLOCK), so this is an application-level check
// of scripting and streams together with lists, sorted sets, hashes and blocking commands.
//
//   1. 10,000 jobs added in bulk by two producers: plain jobs, delayed jobs, prioritized jobs,
//      jobs with attempts + backoff that fail a set number of times before succeeding, and one
//      job that always fails. Two Workers (concurrency 8 each) process them while a QueueEvents
//      reads the event stream. Every job must end completed or failed exactly once, with the
//      right attemptsMade, no delayed job may start before its delay, QueueEvents must see a
//      completion for every completed job, and getJobCounts must agree.
//   2. Priorities: jobs added to a paused queue, then one Worker with concurrency 1 and a resume:
//      the processing order is the unprioritized jobs (FIFO), then by priority (FIFO within one).
//
// Every wait polls a condition up to a deadline (BULLMQ_DEADLINE_MS, default 5 minutes: the
// server may be an ASan debug build on a busy machine); nothing sleeps in place of a condition.

const assert = require('node:assert/strict');
const { before, after } = require('node:test');
const { Queue, Worker, QueueEvents, Job } = require('bullmq');
const { TestServer, sleep } = require('./helpers');

const server = new TestServer();
const DEADLINE_MS = Number(process.env.BULLMQ_DEADLINE_MS || 300000);
const TOTAL = 10000;
const closers = [];  // everything that holds a connection, closed in after() (reverse order)

function connection() {
  // BullMQ duplicates these options for each of its connections (blocking ones included).
  return { host: '127.0.0.1', port: server.port, maxRetriesPerRequest: null, connectTimeout: 10000 };
}

function track(obj) {
  closers.push(obj);
  return obj;
}

// Polls cond() (sync or async) until it is truthy; fails after DEADLINE_MS with describe()'s text.
async function waitFor(what, cond, describe = () => '') {
  const deadline = Date.now() + DEADLINE_MS;
  for (;;) {
    if (await cond()) return;
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${DEADLINE_MS} ms waiting for ${what} ${await describe()}`);
    }
    await sleep(50);
  }
}

before(async () => {
  await server.start();
});

after(async () => {
  // The last created first (workers stop fetching before their queue closes). Bounded: a close
  // that takes more than 30 s (a job stuck in a processor after a failure) becomes a disconnect.
  const within = async (promise, ms) => {
    let timer;
    const timeout = new Promise((r) => { timer = setTimeout(() => r('timeout'), ms); });
    const result = await Promise.race([promise.catch(() => {}), timeout]);
    clearTimeout(timer);
    return result;
  };
  for (const obj of closers.reverse()) {
    if (await within(obj.close(), 30000) === 'timeout') await within(obj.disconnect(), 10000);
  }
  await server.teardown();
});

const it = (name, fn) => server.test(name, fn);

// What each job index does. Deterministic, so that the expectations can be recomputed.
function specOf(i) {
  if (i === TOTAL - 1) return { kind: 'always-fails', opts: { attempts: 3, backoff: { type: 'fixed', delay: 50 } } };
  if (i % 50 === 1) return { kind: 'delayed', opts: { delay: 1000 + (i % 7) * 250 } };
  if (i % 10 === 2) return { kind: 'prioritized', opts: { priority: 1 + (i % 20) } };
  if (i % 25 === 3) {
    const failTimes = 1 + (i % 3);  // 1..3 failures, then success on attempt failTimes + 1
    const backoff = i % 2 ? { type: 'fixed', delay: 100 } : { type: 'exponential', delay: 50 };
    return { kind: 'retried', failTimes, opts: { attempts: 4, backoff } };
  }
  return { kind: 'plain', opts: {} };
}

it('10,000 jobs: delayed, prioritized, retried, one failing; two workers, QueueEvents', async () => {
  const name = 'apps';
  const t0 = Date.now();
  const queueOpts = { connection: connection(), streams: { events: { maxLen: 100000 } } };
  const producers = [track(new Queue(name, queueOpts)), track(new Queue(name, queueOpts))];
  await Promise.all(producers.map((q) => q.waitUntilReady()));

  // QueueEvents from the start of the (still empty) event stream, so that it misses nothing
  // whenever its first XREAD happens.
  const events = track(new QueueEvents(name, { connection: connection(), lastEventId: '0-0' }));
  const seenCompleted = new Map();  // jobId -> count
  const seenFailed = new Map();
  events.on('completed', ({ jobId }) => seenCompleted.set(jobId, (seenCompleted.get(jobId) || 0) + 1));
  events.on('failed', ({ jobId }) => seenFailed.set(jobId, (seenFailed.get(jobId) || 0) + 1));
  const errors = [];
  events.on('error', (e) => errors.push(`QueueEvents: ${e.message}`));
  await events.waitUntilReady();

  // Per job index: attempts started, successful runs, and when the first attempt started.
  const attempts = new Array(TOTAL).fill(0);
  const successes = new Array(TOTAL).fill(0);
  const earlyStarts = [];
  const processor = async (job) => {
    const { i } = job.data;
    const spec = specOf(i);
    attempts[i] += 1;
    if (spec.kind === 'delayed' && attempts[i] === 1 && Date.now() < job.timestamp + spec.opts.delay) {
      earlyStarts.push(`job ${job.id} (#${i}) started ${job.timestamp + spec.opts.delay - Date.now()} ms early`);
    }
    if (spec.kind === 'always-fails') throw new Error(`#${i} always fails`);
    if (spec.kind === 'retried' && job.attemptsMade < spec.failTimes) {
      throw new Error(`#${i} fails attempt ${job.attemptsMade + 1}`);
    }
    successes[i] += 1;
    return { i, double: 2 * i };
  };

  const workerOpts = { connection: connection(), concurrency: 8, lockDuration: 120000 };
  const workers = [track(new Worker(name, processor, workerOpts)), track(new Worker(name, processor, workerOpts))];
  let workerCompleted = 0;
  let workerFailedAttempts = 0;
  for (const w of workers) {
    w.on('completed', () => { workerCompleted += 1; });
    w.on('failed', () => { workerFailedAttempts += 1; });
    w.on('error', (e) => errors.push(`Worker: ${e.message}`));
  }
  await Promise.all(workers.map((w) => w.waitUntilReady()));

  // Two producers add their halves concurrently, 250 jobs per addBulk (one MULTI of scripts).
  const ids = new Array(TOTAL);
  const addHalf = async (q, from, to) => {
    for (let start = from; start < to; start += 250) {
      const batch = [];
      for (let i = start; i < Math.min(start + 250, to); i++) {
        batch.push({ name: specOf(i).kind, data: { i }, opts: specOf(i).opts });
      }
      const jobs = await q.addBulk(batch);
      jobs.forEach((job, k) => { ids[start + k] = job.id; });
    }
  };
  await Promise.all([addHalf(producers[0], 0, TOTAL / 2), addHalf(producers[1], TOTAL / 2, TOTAL)]);
  const tAdded = Date.now();
  assert.equal(new Set(ids).size, TOTAL, 'every added job has its own id');

  const queue = producers[0];
  const counts = () => queue.getJobCounts('completed', 'failed', 'active', 'wait', 'delayed',
    'prioritized', 'paused', 'waiting-children');
  await waitFor('all jobs to finish', async () => {
    const c = await counts();
    return c.completed + c.failed === TOTAL;
  }, async () => JSON.stringify(await counts()));
  const tDone = Date.now();

  const expectedCompleted = TOTAL - 1;
  await waitFor('QueueEvents to see every completion', () =>
    seenCompleted.size === expectedCompleted && seenFailed.size === 1,
  () => `(completed ${seenCompleted.size}, failed ${seenFailed.size})`);
  await waitFor('the workers\' completed events', () => workerCompleted === expectedCompleted,
    () => `(${workerCompleted})`);

  assert.deepEqual(errors, []);
  assert.deepEqual(earlyStarts, [], 'no delayed job starts before its delay');
  assert.deepEqual(await counts(), {
    completed: expectedCompleted, failed: 1, active: 0, wait: 0, delayed: 0, prioritized: 0,
    paused: 0, 'waiting-children': 0,
  });

  // Exactly once: one successful run per completed job, attempts as specified.
  let expectedFailedAttempts = 0;
  for (let i = 0; i < TOTAL; i++) {
    const spec = specOf(i);
    const wantAttempts = spec.kind === 'always-fails' ? 3 : spec.kind === 'retried' ? spec.failTimes + 1 : 1;
    expectedFailedAttempts += spec.kind === 'always-fails' ? 3 : spec.kind === 'retried' ? spec.failTimes : 0;
    assert.equal(successes[i], spec.kind === 'always-fails' ? 0 : 1, `successful runs of #${i} (${spec.kind})`);
    assert.equal(attempts[i], wantAttempts, `attempts of #${i} (${spec.kind})`);
  }
  assert.equal(workerFailedAttempts, expectedFailedAttempts, 'failed attempts seen by the workers');
  for (const [id, n] of seenCompleted) assert.equal(n, 1, `QueueEvents completions of job ${id}`);
  const failedId = ids[TOTAL - 1];
  assert.deepEqual([...seenFailed.entries()], [[failedId, 1]]);
  for (let i = 0; i < TOTAL - 1; i++) assert.ok(seenCompleted.has(ids[i]), `QueueEvents completed #${i}`);

  // The stored jobs: sets hold the right ids, attemptsMade and return values as written.
  const completedIds = new Set((await queue.getCompleted(0, -1)).map((j) => j.id));
  assert.equal(completedIds.size, expectedCompleted);
  assert.ok(!completedIds.has(failedId));
  const failed = await queue.getFailed(0, -1);
  assert.deepEqual(failed.map((j) => j.id), [failedId]);
  assert.equal(failed[0].attemptsMade, 3);
  assert.equal(failed[0].failedReason, `#${TOTAL - 1} always fails`);
  assert.equal(failed[0].finishedOn > 0, true);
  for (let i = 0; i < TOTAL - 1; i++) {
    const spec = specOf(i);
    if (spec.kind !== 'retried' && spec.kind !== 'delayed' && i % 500 !== 0) continue;
    const job = await Job.fromId(queue, ids[i]);
    assert.equal(await job.getState(), 'completed', `state of #${i}`);
    assert.deepEqual(job.returnvalue, { i, double: 2 * i });
    assert.deepEqual(job.data, { i });
    assert.equal(job.attemptsMade, spec.kind === 'retried' ? spec.failTimes + 1 : 1, `attemptsMade of #${i}`);
    if (spec.kind === 'retried') assert.equal(job.stacktrace.length, spec.failTimes, `stacktrace of #${i}`);
    if (spec.kind === 'delayed') assert.ok(job.processedOn >= job.timestamp + spec.opts.delay, `processedOn of #${i}`);
  }
  process.stderr.write(`bullmq: ${TOTAL} jobs added in ${tAdded - t0} ms, all finished after ${tDone - t0} ms\n`);
});

it('priorities: a paused queue resumed under one worker with concurrency 1', async () => {
  const name = 'prio';
  const queue = track(new Queue(name, { connection: connection() }));
  await queue.pause();
  // 20 unprioritized jobs and 180 with priorities 1..30, interleaved.
  const jobs = [];
  for (let i = 0; i < 200; i++) {
    const priority = i % 10 === 0 ? 0 : 1 + ((i * 7) % 30);
    jobs.push({ name: 'p', data: { i, priority }, opts: priority ? { priority } : {} });
  }
  const added = await queue.addBulk(jobs);
  assert.deepEqual(await queue.getJobCounts('wait', 'paused', 'prioritized'), { wait: 0, paused: 20, prioritized: 180 });

  const order = [];
  const worker = track(new Worker(name, async (job) => { order.push(job.data.i); }, {
    connection: connection(), concurrency: 1,
  }));
  const errors = [];
  worker.on('error', (e) => errors.push(e.message));
  await worker.waitUntilReady();
  assert.equal(order.length, 0, 'nothing runs while the queue is paused');
  await queue.resume();
  await waitFor('the prioritized jobs', () => order.length === jobs.length, () => `(${order.length} done)`);

  // Expected: the plain jobs in insertion order, then by priority, insertion order within one.
  const expected = jobs.map((j) => j.data)
    .sort((a, b) => (a.priority === 0 ? -1 : a.priority) - (b.priority === 0 ? -1 : b.priority) || a.i - b.i)
    .map((d) => d.i);
  assert.deepEqual(order, expected);
  assert.deepEqual(errors, []);
  const counts = await queue.getJobCounts('completed', 'wait', 'prioritized', 'paused');
  assert.deepEqual(counts, { completed: 200, wait: 0, prioritized: 0, paused: 0 });
  assert.equal(added.length, 200);
});
