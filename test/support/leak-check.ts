/**
 * Root hooks for the whole test run. A test that leaves a server listening would keep the process
 * alive after the last test (mocha then never exits and CI times out), so every listening server is
 * remembered with the place that started it, and any still listening at the end fails the run by name.
 */
import net from 'node:net';

const started = new WeakMap<net.Server, string>();
const originalListen = net.Server.prototype.listen;
net.Server.prototype.listen = function listenRecorded(this: net.Server, ...args: unknown[]) {
  started.set(this, new Error('started here').stack?.split('\n').slice(2, 8).join('\n') ?? '');
  return (originalListen as (...a: unknown[]) => net.Server).apply(this, args);
} as typeof net.Server.prototype.listen;

function listeningServers(): net.Server[] {
  const handles = (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles();
  return handles.filter((h): h is net.Server => h instanceof net.Server && h.listening);
}

export const mochaHooks = {
  async afterAll(this: Mocha.Context) {
    this.timeout(10_000);
    // Closing servers finish on the next turns of the event loop; give them a moment.
    for (let wait = 0; wait < 20 && listeningServers().length > 0; wait++) await new Promise((r) => setTimeout(r, 100));
    const leaked = listeningServers();
    if (leaked.length > 0) {
      const where = leaked.map((s) => `${JSON.stringify(s.address())}\n${started.get(s) ?? '(started outside the tests)'}`);
      throw new Error(`${leaked.length} server(s) left listening after the tests:\n${where.join('\n\n')}`);
    }
  },
};
