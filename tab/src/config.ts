/**
 * The configuration page Teams shows when the tab is added to a channel or chat: choose which view
 * the tab opens on, then Save. Opened in a plain browser it says what it is for and does nothing else.
 */
import { app, pages } from '@microsoft/teams-js';
import { TEAMS_INIT_TIMEOUT_MS, applyTheme, themeFromTeams } from './host';

const CHOICES: Record<string, { name: string; hash: string }> = {
  caseload: { name: 'Complaints caseload', hash: '' },
  improvements: { name: 'Improvement actions', hash: '#/improvements' },
  reports: { name: 'Complaints reports', hash: '#/reports' },
};

function chosen(): string {
  return document.querySelector<HTMLInputElement>('input[name="view"]:checked')?.value ?? 'caseload';
}

function say(text: string): void {
  const status = document.getElementById('status');
  if (status) status.textContent = text;
}

async function main(): Promise<void> {
  const base = new URL('./', location.href).href;
  const framed = window.self !== window.top;
  if (!framed) {
    applyTheme(window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light');
    say('This page is shown by Microsoft Teams when the tab is added to a channel or chat. Outside Teams there is nothing to save: open the tab itself instead.');
    return;
  }
  try {
    await Promise.race([
      app.initialize(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('Teams did not answer')), TEAMS_INIT_TIMEOUT_MS)),
    ]);
  } catch {
    say('Teams did not answer; close this dialog and try adding the tab again.');
    return;
  }
  const context = await app.getContext();
  applyTheme(themeFromTeams(context.app.theme));
  pages.config.registerOnSaveHandler((saveEvent) => {
    const view = chosen();
    const choice = CHOICES[view] ?? CHOICES.caseload;
    pages.config
      .setConfig({ entityId: `chp-${view}`, suggestedDisplayName: choice.name, contentUrl: `${base}${choice.hash}`, websiteUrl: `${base}${choice.hash}` })
      .then(() => saveEvent.notifySuccess())
      .catch((error: unknown) => saveEvent.notifyFailure(error instanceof Error ? error.message : String(error)));
  });
  for (const input of Array.from(document.querySelectorAll('input[name="view"]'))) input.addEventListener('change', () => pages.config.setValidityState(true));
  pages.config.setValidityState(true);
  app.notifySuccess();
  say('Choose what the tab shows, then select Save.');
}

void main();
