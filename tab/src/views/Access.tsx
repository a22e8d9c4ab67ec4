/**
 * The pages for people who cannot use the complaints pages yet: signed in without a role (they are
 * told whom to ask), or from a Microsoft 365 organisation that is not set up in the service at all
 * (what to tell IT). Never a bare "403" or an empty caseload.
 */
import type { NoRoleNotice } from '../api';

export function NoRolePage(props: { notice: NoRoleNotice; displayName: string }) {
  const { notice } = props;
  return (
    <section class="card access" aria-labelledby="access-title">
      <h2 id="access-title">You have no role in {notice.orgName}’s complaints handling yet</h2>
      <p>
        You are signed in as <strong>{props.displayName}</strong>, but nobody has given you a role yet, so there are no cases or reports to show you. An administrator gives roles — to you, or to a group you belong to.
      </p>
      {notice.administrators.length > 0 ? (
        <>
          <h3>Ask an administrator</h3>
          <ul>
            {notice.administrators.map((name) => (
              <li key={name}>{name}</li>
            ))}
          </ul>
        </>
      ) : (
        <p>Ask your complaints administrator to give you a role.</p>
      )}
      {notice.contact && (
        <p>
          <strong>How to reach them:</strong> {notice.contact}
        </p>
      )}
      <p class="muted">Once you have a role, reload this page.</p>
    </section>
  );
}

export function NotSetUpPage(props: { detail: string }) {
  return (
    <section class="card access" aria-labelledby="access-title">
      <h2 id="access-title">Your Microsoft 365 organisation is not set up yet</h2>
      <p>{props.detail}</p>
      <h3>What to tell IT</h3>
      <p>
        “Please set up our organisation in the complaints service: create it for our Microsoft 365 tenant with <code>chp org create</code>, naming its first administrator, who then completes the setup page in Teams.”
      </p>
    </section>
  );
}
