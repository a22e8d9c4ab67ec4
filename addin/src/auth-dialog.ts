/**
 * The sign-in dialog, the fallback where Office SSO is unavailable: opened by the pane with
 * Office.context.ui.displayDialogAsync, it signs in with MSAL (redirect flow inside the dialog), gets a token
 * for our API and hands it to the pane with Office.context.ui.messageParent.
 */
import { createStandardPublicClientApplication, type AuthenticationResult } from '@azure/msal-browser';

declare const CHP_CLIENT_ID: string;
declare const CHP_API_SCOPE: string;

interface DialogOffice {
  onReady(): Promise<unknown>;
  context: { ui: { messageParent(message: string): void } };
}

async function tokenForApi(): Promise<string> {
  const msal = await createStandardPublicClientApplication({
    auth: { clientId: CHP_CLIENT_ID, authority: 'https://login.microsoftonline.com/organizations', redirectUri: `${location.origin}/addin/auth-dialog.html` },
    cache: { cacheLocation: 'sessionStorage' },
  });
  const scopes = [CHP_API_SCOPE];
  const returned: AuthenticationResult | null = await msal.handleRedirectPromise();
  const account = returned?.account ?? msal.getAllAccounts()[0];
  if (!account) {
    await msal.loginRedirect({ scopes, prompt: 'select_account' });
    return new Promise<string>(() => undefined); // the page navigates away to sign in
  }
  if (returned?.accessToken && returned.scopes.some((s) => s.toLowerCase() === CHP_API_SCOPE.toLowerCase())) return returned.accessToken;
  return (await msal.acquireTokenSilent({ scopes, account })).accessToken;
}

async function main(): Promise<void> {
  const office = (window as unknown as { Office?: DialogOffice }).Office;
  if (!office) {
    document.getElementById('app')!.textContent = 'Office.js did not load; close this window and try again from Outlook.';
    return;
  }
  await office.onReady();
  try {
    office.context.ui.messageParent(JSON.stringify({ token: await tokenForApi() }));
  } catch (error) {
    office.context.ui.messageParent(JSON.stringify({ error: error instanceof Error ? error.message : String(error) }));
  }
}

void main();
