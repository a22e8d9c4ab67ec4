/**
 * An MSAL network client that sends identity-platform requests to another origin — used to run the OBO
 * exchange against a local identity endpoint that speaks the same token contract (offline development and
 * tests). MSAL insists on https authorities; this keeps the authority URL honest while the bytes go elsewhere.
 */
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';

export function redirectingNetworkClient(routes: Record<string, string>): INetworkModule {
  const rewrite = (url: string): string => {
    const parsed = new URL(url);
    const target = routes[parsed.origin];
    if (!target) throw new Error(`No route for identity origin ${parsed.origin}; configured: ${Object.keys(routes).join(', ')}`);
    return new URL(parsed.pathname + parsed.search, target).toString();
  };
  const send = async <T>(method: 'GET' | 'POST', url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> => {
    const response = await fetch(rewrite(url), { method, headers: options?.headers, body: method === 'POST' ? options?.body : undefined });
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => { headers[name] = value; });
    const text = await response.text();
    let body: unknown;
    try { body = text ? JSON.parse(text) : {}; } catch { body = { error: 'invalid_response', error_description: text.slice(0, 200) }; }
    return { headers, body: body as T, status: response.status };
  };
  return {
    sendGetRequestAsync: (url, options) => send('GET', url, options),
    sendPostRequestAsync: (url, options) => send('POST', url, options),
  };
}
