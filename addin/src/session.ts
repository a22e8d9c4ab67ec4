/**
 * Signing the pane in. Development profile (the server offers demo users): the chosen demo user is sent as
 * X-Dev-User and the pane says "Development sign-in". Otherwise Office SSO gives a token for our API; where
 * SSO is unavailable, the MSAL sign-in dialog does.
 */
import { ApiError, type Api, type DevUser, type Me } from './api';
import type { OfficeNamespace } from './office-types';
import { getSsoToken, getTokenFromDialog, SsoUnavailableError } from './office-host';

const DEV_USER_KEY = 'chp-addin-dev-user';

export interface Session {
  me: Me;
  devUsers?: DevUser[];
}

function remembered(): string | undefined {
  try {
    return localStorage.getItem(DEV_USER_KEY) ?? undefined;
  } catch {
    return undefined; // storage can be blocked in some Outlook clients
  }
}

export function rememberDevUser(userId: string): void {
  try {
    localStorage.setItem(DEV_USER_KEY, userId);
  } catch {
    /* not remembered; the first demo user is used next time */
  }
}

async function offeredDevUsers(api: Api): Promise<DevUser[] | undefined> {
  try {
    const users = await api.devUsers();
    return Array.isArray(users) && users.length > 0 ? users : undefined;
  } catch (error) {
    if (error instanceof ApiError && error.status === 0) throw error; // server unreachable: say so, don't try SSO
    return undefined;
  }
}

export async function signIn(api: Api, office: OfficeNamespace, dialogUrl: string): Promise<Session> {
  const devUsers = await offeredDevUsers(api);
  if (devUsers) {
    const wanted = remembered();
    const user =
      devUsers.find((u) => u.userId === wanted) ?? devUsers.find((u) => u.roles.includes('complaint-handler')) ?? devUsers[0];
    api.setCredentials({ devUser: user.userId });
    return { me: await api.me(), devUsers };
  }
  let token: string;
  try {
    token = await getSsoToken(office);
  } catch (error) {
    if (!(error instanceof SsoUnavailableError)) throw error;
    token = await getTokenFromDialog(office, dialogUrl);
  }
  api.setCredentials({ bearer: token });
  return { me: await api.me() };
}
