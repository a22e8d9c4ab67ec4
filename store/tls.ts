/**
 * TLS trust for the embedded server. Its bundled certificate is self-signed, has CN=cosmosdb (no name
 * for 127.0.0.1) and expired in 2021, so ordinary CA verification can never pass. Instead of switching
 * verification off (globally or per client), the agent pins the certificate: a connection is handed to
 * the HTTP client only after the peer presented exactly the bundled certificate (SHA-256 fingerprint).
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

type Callback = (err: Error | null, stream: Duplex) => void;

class PinnedAgent extends https.Agent {
  constructor(private readonly fingerprint: string) {
    super({ keepAlive: true, maxSockets: 16 });
  }

  // Returning undefined and calling back later is the Agent contract for asynchronous sockets:
  // the request gets the socket only after the pin check passed.
  override createConnection(options: https.RequestOptions, callback?: Callback): undefined {
    const done: Callback = callback ?? (() => undefined);
    const socket = tls.connect({ ...(options as tls.ConnectionOptions), servername: undefined, rejectUnauthorized: false });
    const fail = (err: Error) => done(err, socket);
    socket.once('error', fail);
    socket.once('secureConnect', () => {
      socket.removeListener('error', fail);
      const presented = socket.getPeerCertificate().fingerprint256;
      if (presented !== this.fingerprint) {
        socket.destroy();
        done(new Error(`The local Cosmos server presented an unexpected certificate (${presented}); refusing to talk to it.`), socket);
        return;
      }
      done(null, socket);
    });
    return undefined;
  }
}

export function createPinnedAgent(fingerprint: string = embeddedFingerprint()): https.Agent {
  return new PinnedAgent(fingerprint);
}
