/**
 * TLS trust for the embedded server. Its bundled certificate is self-signed, has CN=cosmosdb (no name
 * for 127.0.0.1) and expired in 2021, so ordinary CA verification can never pass. Instead of switching
 * verification off (globally or per client), the agent pins the certificate: nothing is sent on a
 * connection until the peer has presented exactly the bundled certificate (SHA-256 fingerprint).
 * The agent is given to one CosmosClient; nothing else in the process trusts this certificate.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import type { Duplex } from 'node:stream';
import path from 'node:path';
import tls from 'node:tls';

const packageDir = path.dirname(require.resolve('@zeit/cosmosdb-server/package.json'));

export const embeddedCertificate = (): Buffer => fs.readFileSync(path.join(packageDir, 'cert.pem'));
export const embeddedKey = (): Buffer => fs.readFileSync(path.join(packageDir, 'key.pem'));

export function embeddedFingerprint(): string {
  return new crypto.X509Certificate(embeddedCertificate()).fingerprint256;
}

/**
 * Connections to the local server per client. Enough for every request of a busy API process to be
 * in flight at once: the server's journal shares one fdatasync among the writes that arrive
 * together, so holding writes back in the client would only make them wait for separate syncs.
 */
export const MAX_SOCKETS = 64;

/**
 * The socket is handed to the agent at once (so the agent counts it against maxSockets and reuses it
 * with keep-alive: an agent given its sockets later opens a new connection for every request of a
 * burst), but corked: what the HTTP client writes stays in the socket's buffer until the peer has
 * presented exactly the bundled certificate. Only then is it uncorked and the request sent.
 */
class PinnedAgent extends https.Agent {
  constructor(private readonly fingerprint: string) {
    super({ keepAlive: true, maxSockets: MAX_SOCKETS });
  }

  override createConnection(options: https.RequestOptions): Duplex {
    const socket = tls.connect({ ...(options as tls.ConnectionOptions), servername: undefined, rejectUnauthorized: false });
    socket.cork();
    socket.once('secureConnect', () => {
      const presented = socket.getPeerCertificate().fingerprint256;
      if (presented !== this.fingerprint) {
        socket.destroy(new Error(`The local Cosmos server presented an unexpected certificate (${presented}); refusing to talk to it.`));
        return;
      }
      socket.uncork();
    });
    return socket;
  }
}

export function createPinnedAgent(fingerprint: string = embeddedFingerprint()): https.Agent {
  return new PinnedAgent(fingerprint);
}
