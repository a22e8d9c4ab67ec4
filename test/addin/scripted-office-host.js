/* global window, setTimeout */
/**
 * A scripted Office.js host for the task pane tests, installed before the page's scripts. It behaves as
 * Office.js documents it: Office.onReady() resolves (and calls its callback) once the host is ready and
 * Office.initialize is called; async methods call back later with an AsyncResult { status, value, error }.
 * `scenario` (JSON) describes the open message and how sign-in answers. Every call is logged in
 * window.__officeCalls so tests can check what the pane asked.
 */
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- called by the script the test appends
function installScriptedOfficeHost(scenario) {
  const calls = (window.__officeCalls = []);
  const later = (fn) => setTimeout(fn, scenario.latencyMs ?? 5);
  const succeeded = (value) => ({ status: 'succeeded', value, error: undefined, asyncContext: undefined });
  const failed = (code, name, message) => ({ status: 'failed', value: undefined, error: { code, name, message } });
  const info = { host: scenario.host === undefined ? 'Outlook' : scenario.host, platform: 'OfficeOnline' };
  let ready;
  const readyPromise = new Promise((resolve) => { ready = resolve; });
  const message = scenario.message;
  const item = message && {
    itemType: 'message',
    itemId: message.itemId,
    internetMessageId: message.internetMessageId,
    conversationId: message.conversationId,
    subject: message.subject,
    from: message.from,
    sender: message.from,
    dateTimeCreated: new Date(message.receivedAt),
    attachments: message.attachments || [],
    // Documented: opens the reply form with the given body; nothing is sent until the person presses Send.
    displayReplyForm(formData) {
      calls.push(['displayReplyForm', formData]);
    },
    body: {
      getAsync(coercionType, options, callback) {
        calls.push(['body.getAsync', coercionType]);
        if (typeof options === 'function') callback = options;
        later(() => callback(coercionType === 'text' ? succeeded(message.bodyText) : failed(9000, 'InvalidCoercion', 'only text in this scenario')));
      },
    },
  };
  const Office = {
    CoercionType: { Text: 'text', Html: 'html' },
    MailboxEnums: { RestVersion: { v1_0: 'v1.0', v2_0: 'v2.0', Beta: 'beta' } },
    EventType: { DialogMessageReceived: 'dialogMessageReceived', DialogEventReceived: 'dialogEventReceived' },
    HostType: { Outlook: 'Outlook' },
    initialize: undefined,
    onReady(callback) {
      calls.push(['onReady']);
      return readyPromise.then((value) => { if (callback) callback(value); return value; });
    },
    context: {
      requirements: { isSetSupported: () => true },
      mailbox: {
        item,
        userProfile: { displayName: 'Test User', emailAddress: 'user@example.org' },
        // Documented: EWS ids use '/' and '+', REST ids '-' and '_'.
        convertToRestId(itemId, version) {
          calls.push(['convertToRestId', itemId, version]);
          return itemId.replace(/\//g, '-').replace(/\+/g, '_');
        },
      },
      ui: {
        displayDialogAsync(url, options, callback) {
          calls.push(['displayDialogAsync', url]);
          const handlers = {};
          const dialog = {
            addEventHandler(type, handler) { handlers[type] = handler; },
            close() { calls.push(['dialog.close']); },
          };
          later(() => {
            callback(succeeded(dialog));
            later(() => handlers.dialogMessageReceived && handlers.dialogMessageReceived({ message: JSON.stringify(scenario.dialogAnswer || { error: 'no answer scripted' }), origin: window.location.origin }));
          });
        },
      },
    },
    auth: {
      getAccessToken(options) {
        calls.push(['getAccessToken', options]);
        return new Promise((resolve, reject) => later(() => {
          if (scenario.ssoToken) resolve(scenario.ssoToken);
          else reject({ code: scenario.ssoErrorCode ?? 13012, name: 'API Not Supported', message: 'SSO is not supported in this scenario.' });
        }));
      },
    },
  };
  window.Office = Office;
  if (scenario.neverReady) return;
  setTimeout(() => {
    if (typeof Office.initialize === 'function') Office.initialize('inserted');
    ready(info);
  }, scenario.readyAfterMs ?? 20);
}
