'use strict';
// Shared harness for the Node.js client tests.
//
// The server under test is either already running (CAIRN_PORT=<port> on 127.0.0.1), or
// started here from $CAIRN_SERVER (default /usr/bin/redis-server) on a free loopback port,
// exactly like the Python harness does, and stopped by pid at the end.

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { test } = require('node:test');

const STARTUP_TIMEOUT_MS = 10000;

// Servers started by this process; killed by pid if the process exits without teardown.
const running = new Set();
process.on('exit', () => {
  for (const proc of running) {
    try { proc.kill('SIGTERM'); } catch { /* already gone */ }
  }
});
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.once(sig, () => process.exit(128 + (sig === 'SIGINT' ? 2 : 15)));
}
const STOP_TIMEOUT_MS = 10000;

function serverBinary() {
  return process.env.CAIRN_SERVER || '/usr/bin/redis-server';
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function pingOnce(port) {
  return new Promise((resolve) => {
    const sock = net.connect({ host: '127.0.0.1', port });
    let data = '';
    const done = (ok) => { sock.destroy(); resolve(ok); };
    sock.setTimeout(500, () => done(false));
    sock.on('error', () => done(false));
    sock.on('connect', () => sock.write('*1\r\n$4\r\nPING\r\n'));
    sock.on('data', (chunk) => {
      data += chunk.toString();
      if (data.includes('\r\n')) done(data.startsWith('+PONG'));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

class TestServer {
  constructor() {
    this.port = null;
    this.proc = null;
    this.dir = null;
    this.logPath = null;
    this.exitCode = null;
    this.external = false;
    this.failed = false;
  }

  async start() {
    if (process.env.CAIRN_PORT) {
      this.external = true;
      this.port = Number(process.env.CAIRN_PORT);
      return this;
    }
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-node-'));
    this.logPath = path.join(this.dir, 'server.log');
    for (let attempt = 0; attempt < 5; attempt++) {
      this.port = await freePort();
      const log = fs.openSync(this.logPath, 'a');
      const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '',
        '--appendonly', 'no', '--dir', this.dir, '--daemonize', 'no'];
      this.exitCode = null;
      this.proc = spawn(serverBinary(), args, { stdio: ['ignore', log, log], cwd: this.dir });
      fs.closeSync(log);
      const proc = this.proc;
      running.add(proc);
      proc.on('exit', (code, signal) => {
        running.delete(proc);
        this.exitCode = code === null ? signal : code;
      });
      proc.on('error', (e) => {   // e.g. ENOENT: no such binary
        running.delete(proc);
        this.exitCode = `spawn error: ${e.message}`;
      });
      const deadline = Date.now() + STARTUP_TIMEOUT_MS;
      while (Date.now() < deadline && this.exitCode === null) {
        if (await pingOnce(this.port)) return this;
        await sleep(50);
      }
      const exited = this.exitCode !== null;
      await this.stop();
      if (!(exited && this.log().includes('in use'))) break;
    }
    throw new Error(`${serverBinary()} did not become ready\n--- server log ---\n${this.log()}`);
  }

  log() {
    try { return fs.readFileSync(this.logPath, 'utf8'); } catch { return ''; }
  }

  async stop() {
    if (this.external || !this.proc) return;
    const proc = this.proc;
    if (this.exitCode === null) {
      await new Promise((resolve) => {
        const timers = [];
        proc.once('exit', () => { timers.forEach(clearTimeout); resolve(); });
        proc.kill('SIGTERM');
        // Bounded: SIGKILL after STOP_TIMEOUT_MS, give up waiting after twice that.
        timers.push(setTimeout(() => proc.kill('SIGKILL'), STOP_TIMEOUT_MS));
        timers.push(setTimeout(resolve, 2 * STOP_TIMEOUT_MS));
      });
    }
    this.proc = null;
  }

  async teardown() {
    const crashed = !this.external && this.proc && this.exitCode !== null;
    await this.stop();
    if (this.failed || crashed) {
      process.stderr.write(`--- server log (port ${this.port}${crashed ? ', exited early' : ''}) ---\n${this.log()}\n`);
    }
    if (this.dir) fs.rmSync(this.dir, { recursive: true, force: true });
  }

  // Like node:test's test(), but remembers failures so that teardown prints the server log.
  test(name, fn) {
    return test(name, async (t) => {
      try {
        await fn(t);
      } catch (e) {
        this.failed = true;
        throw e;
      }
    });
  }
}

module.exports = { TestServer, sleep };
