/**
 * "Roles and responsibilities": the organisation's role definitions in the procedure's words, as a
 * self-contained, accessible HTML document (one h1, a heading per role, lists) ready for the
 * organisation's published complaints handling procedure, and printed to a tagged PDF by the same
 * headless Chromium as the reports. Shown to staff in the Teams tab too.
 */
import { permissionSentence } from '../core/permissions';
import { CASE_SCOPE_WORDS, type RoleDefinition } from '../core/roles';
import { escapeHtml } from './html';
import type { PdfRenderer } from './pdf';

const STYLE = `
body { font-family: Arial, Helvetica, sans-serif; color: #1b1b1b; background: #fff; line-height: 1.5; margin: 0 auto; max-width: 60rem; padding: 1rem 1.5rem; }
h1 { font-size: 1.8rem; margin: 0 0 .25rem; } h2 { font-size: 1.4rem; margin-top: 2rem; border-bottom: 2px solid #005a8c; } h3 { font-size: 1.15rem; margin: 1.5rem 0 .25rem; }
.org { font-size: 1.2rem; font-weight: bold; color: #005a8c; margin: 0; }
@media print { body { max-width: none; padding: 0; } h2, h3 { break-after: avoid; } li { break-inside: avoid; } }
`;

/** The rules that hold whatever the organisation's roles (model CHP Part 4), said once for every reader. */
export const ALWAYS_TRUE = [
  'All staff can take and record a complaint at the frontline and know whom to refer it to.',
  'The final position at stage 2 is signed off by an appropriate manager or officer, never by the person who drafted it.',
  'Senior management keeps overall responsibility, including for complaints about contracted services and arm’s-length bodies, and reviews the reported information to act on trends.',
  'Administrators of the complaints system see no complaint unless they also hold a role that handles complaints.',
];

export const statementTitle = (orgName: string): string => `Roles and responsibilities — ${orgName}`;

function roleSection(d: RoleDefinition, i: number): string {
  const id = `role-${i + 1}`;
  const can = d.permissions.map((p) => `<li>${escapeHtml(permissionSentence(p))}</li>`).join('');
  const cases = d.permissions.some((p) => p.startsWith('case.'))
    ? `<p>Cases they work with: ${escapeHtml(CASE_SCOPE_WORDS[d.caseScope])}${d.socialWork ? ', and social work complaints' : ''}.</p>`
    : d.socialWork
      ? '<p>Cases they work with: social work complaints.</p>'
      : '<p>They do not handle individual cases.</p>';
  return `<section aria-labelledby="${id}"><h3 id="${id}">${escapeHtml(d.name)}</h3>
<p>${escapeHtml(d.description)}</p>
${cases}
${can ? `<p>In the complaints system they may:</p><ul>${can}</ul>` : '<p>They hold no permissions in the complaints system.</p>'}</section>`;
}

export function renderRolesStatementHtml(orgName: string, definitions: readonly RoleDefinition[], asOf: string): string {
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(statementTitle(orgName))}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<p class="org">${escapeHtml(orgName)}</p>
<h1>Roles and responsibilities</h1>
<p>How ${escapeHtml(orgName)} shares the work of its complaints handling procedure, as at ${escapeHtml(asOf)}. Everyone who works here has a role in handling complaints; these are the levels and what each is responsible for.</p>
</header>
<main>
<section aria-labelledby="always"><h2 id="always">What holds for every role</h2><ul>${ALWAYS_TRUE.map((t) => `<li>${escapeHtml(t)}</li>`).join('')}</ul></section>
<section aria-labelledby="roles"><h2 id="roles">Our roles</h2>
${definitions.map(roleSection).join('\n')}
</section>
</main>
</body>
</html>
`;
}

export function renderRolesStatementPdf(orgName: string, definitions: readonly RoleDefinition[], asOf: string, pdf: PdfRenderer): Promise<Buffer> {
  return pdf.render(renderRolesStatementHtml(orgName, definitions, asOf), `${orgName} — roles and responsibilities`, { tagged: true });
}
