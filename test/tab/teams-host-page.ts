/** A page that frames the tab and answers the teams-js protocol as Teams does (theme, sub-page, SSO token), replying to each call by its function name. */
export function hostPage(tabUrl: string, token: string, subEntityId: string, theme = 'dark'): string {
  const runtime = { apiVersion: 4, isLegacyTeams: false, supports: { appEntity: {}, pages: { appButton: {}, config: {}, tabs: {} }, teamsCore: {} } };
  return `<!doctype html><html lang="en"><head><title>Fake Teams</title></head><body>
<script>
window.calls = [];
window.addEventListener('message', (event) => {
  const m = event.data;
  if (!m || typeof m !== 'object' || !m.func) return;
  window.calls.push(m.func);
  const reply = (args) => event.source.postMessage({ id: m.id, uuidAsString: m.uuidAsString, args }, '*');
  if (m.func === 'initialize') reply(['content', 'web', ${JSON.stringify(JSON.stringify(runtime))}, '2.58.0']);
  else if (m.func === 'getContext') reply([{ locale: 'en-gb', theme: ${JSON.stringify(theme)}, subEntityId: ${JSON.stringify(subEntityId)}, entityId: 'caseload', frameContext: 'content', hostClientType: 'web', appSessionId: 'session-1', userObjectId: 'demo-investigator' }]);
  else if (m.func === 'authentication.getAuthToken') reply([true, ${JSON.stringify(token)}]);
});
</script>
<iframe title="Complaints tab" src="${tabUrl}" style="width:1300px;height:900px;border:0"></iframe>
</body></html>`;
}
