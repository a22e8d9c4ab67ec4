/** Shared by the store suites: an embedded server in a temp dir, a store on it, and sample cases. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedCosmos, type EmbeddedCosmos } from '../../store/embedded';
import { openStore, type Store } from '../../store/index';
import type { Case } from '../../core/types';

export interface StoreFixture { server: EmbeddedCosmos; store: Store; dataDir: string }

export async function startFixture(dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chp-store-'))): Promise<StoreFixture> {
  const server = await startEmbeddedCosmos({ dataDir });
  const store = await openStore({ endpoint: server.endpoint, key: server.key, agent: server.agent, databaseId: 'chp-test' });
  return { server, store, dataDir };
}

export async function stopFixture(f: StoreFixture | undefined, removeData = true): Promise<void> {
  if (!f) return;
  await f.store.close();
  await f.server.stop();
  if (removeData) fs.rmSync(f.dataDir, { recursive: true, force: true });
}

export function sampleCase(orgId: string, reference: string, changes: Partial<Case> = {}): Case {
  return {
    reference,
    orgId,
    kind: 'complaint',
    status: 'stage1',
    channel: 'email',
    receivedAt: '2026-03-02T09:15:00Z',
    receivedOn: '2026-03-02',
    customer: { withheldDetails: false, anonymous: false, name: 'Morag Campbell', email: 'morag@example.org' },
    nature: 'Bins not collected for three weeks',
    service: 'Waste',
    socialWork: false,
    owner: 'u-handler',
    loggedBy: 'u-logger',
    stage1: { clock: { startedOn: '2026-03-02', standardDue: '2026-03-06', extensionDays: 0, due: '2026-03-06' }, extensions: [] },
    events: [{ id: `log-${reference}`, at: '2026-03-02T09:15:00Z', by: 'u-logger', type: 'logged', summary: 'Logged' }],
    ...changes,
  };
}

export const ALL_SCOPE = { all: true, services: [], userId: '', socialWork: false };
