/**
 * The pinned agent that trusts the embedded server's certificate: it sends nothing to a server that
 * presents another certificate, and under a burst it keeps to its socket limit and reuses
 * connections (each new TLS connection costs a handshake on both sides).
 */
import assert from 'node:assert/strict';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import tls from 'node:tls';
import { createPinnedAgent, embeddedCertificate, embeddedKey, MAX_SOCKETS } from '../../store/tls';

interface Recorder {
  port: number;
  requests: number;
  connections: number;
  close(): Promise<void>;
}

async function recordingServer(): Promise<Recorder> {
  const recorder = { requests: 0, connections: 0 } as Recorder;
  const server = https.createServer({ cert: embeddedCertificate(), key: embeddedKey(), keepAliveTimeout: 30_000 }, (req, res) => {
    recorder.requests += 1;
    req.resume();
    req.on('end', () => setTimeout(() => res.end('ok'), 2));
  });
  server.on('secureConnection', () => (recorder.connections += 1));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  recorder.port = (server.address() as AddressInfo).port;
  recorder.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return recorder;
}

function get(agent: https.Agent, port: number, body = 'secret request body'): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = https.request({ host: '127.0.0.1', port, method: 'POST', path: '/', agent }, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve(text));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('store: the pinned TLS agent', () => {
  let server: Recorder;
  beforeEach(async () => {
    server = await recordingServer();
  });
  afterEach(async () => {
    await server.close();
  });

  it('refuses a server whose certificate is not the pinned one, before sending it a byte', async () => {
    // A bare TLS server, to see every byte of application data the client sends.
    let received = 0;
    const bare = tls.createServer({ cert: embeddedCertificate(), key: embeddedKey() }, (socket) => socket.on('data', (chunk: Buffer) => (received += chunk.length)));
    await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
    const agent = createPinnedAgent('00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF');
    try {
      await assert.rejects(get(agent, (bare.address() as AddressInfo).port), /unexpected certificate/);
      // Give bytes that slipped through time to arrive before counting.
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(received, 0, 'no request bytes reached the server');
    } finally {
      agent.destroy();
      await new Promise((resolve) => bare.close(resolve));
    }
  });

  it('talks to the server that presents the pinned certificate', async () => {
    const agent = createPinnedAgent();
    try {
      assert.equal(await get(agent, server.port), 'ok');
      assert.equal(server.requests, 1);
    } finally {
      agent.destroy();
    }
  });

  it('keeps a burst of requests to its socket limit and reuses them for the next burst', async () => {
    const agent = createPinnedAgent();
    try {
      const first = await Promise.all(Array.from({ length: MAX_SOCKETS + 40 }, () => get(agent, server.port)));
      assert.deepEqual(new Set(first), new Set(['ok']));
      assert.equal(server.connections, MAX_SOCKETS);
      await Promise.all(Array.from({ length: MAX_SOCKETS + 40 }, () => get(agent, server.port)));
      assert.equal(server.requests, 2 * (MAX_SOCKETS + 40));
      assert.equal(server.connections, MAX_SOCKETS, 'the second burst opened no new connection');
    } finally {
      agent.destroy();
    }
  });
});
