/**
 * The services complaints are recorded against: add, rename, retire, offer again. A rename is sent as
 * `{from, to}`: cases keep the name they were logged with and the reports count them under the new
 * name (core/services.ts). A retired service is no longer offered for new complaints; its cases keep
 * it and still report.
 */
import { useState } from 'preact/hooks';
import type { Api, OrgServices } from '../api';
import { FieldControl } from './FieldControl';
import { problemOf, SettingsSection, useSave } from './SettingsSection';

/** One offered service as edited: the name it has in the store (empty for a new one) and the name typed. */
interface Row {
  stored: string;
  name: string;
}

const rowsOf = (value: OrgServices): Row[] => value.services.map((s) => ({ stored: s, name: s }));

export function ServicesEditor(props: { api: Api; value: OrgServices; onSaved: (v: OrgServices) => void }) {
  const [rows, setRows] = useState<Row[]>(() => rowsOf(props.value));
  const [retired, setRetired] = useState<string[]>(props.value.retiredServices);
  const [adding, setAdding] = useState('');
  const [addProblem, setAddProblem] = useState<string | undefined>();
  const s = useSave<OrgServices>(props.api, 'services', (saved) => {
    setRows(rowsOf(saved));
    setRetired(saved.retiredServices);
    props.onSaved(saved);
  });
  const change = (next: Row[]) => (s.touched(), setRows(next));
  const formerNames = Object.entries(props.value.formerServiceNames);

  function add() {
    const name = adding.trim();
    if (!name) return setAddProblem('Type the name of the service to add.');
    if (rows.some((r) => r.name === name) || retired.includes(name)) return setAddProblem(`“${name}” is already listed.`);
    setAddProblem(undefined);
    change([...rows, { stored: '', name }]);
    setAdding('');
  }

  function save() {
    const rename = rows.filter((r) => r.stored && r.name.trim() !== r.stored).map((r) => ({ from: r.stored, to: r.name.trim() }));
    const retire = props.value.services.filter((name) => retired.includes(name));
    void s.save({ services: rows.map((r) => r.name.trim()), ...(retire.length ? { retire } : {}), ...(rename.length ? { rename } : {}) });
  }

  return (
    <SettingsSection
      id="settings-services"
      title="Services"
      purpose={
        <>
          <p>
            Every complaint records the service it refers to — part of the minimum dataset the procedure asks you to record — and the reports give the indicators for each service, highlighting areas with few or no complaints.
          </p>
          <p>
            <strong>Renaming</strong> keeps the history: cases already logged keep the name they were recorded with, and the reports count them under the new name. <strong>Retiring</strong> stops offering a service for new complaints; its cases keep
            the name and still count in the reports.
          </p>
        </>
      }
      saving={s.saving}
      saved={s.saved}
      error={s.error}
      submit="Save services"
      onSubmit={save}
    >
      {rows.length === 0 && <p class="muted">No services yet: add the first one below.</p>}
      <ul class="settings-list" aria-label="Services offered for new complaints">
        {rows.map((row, i) => (
          <li key={`${row.stored}/${i}`}>
            <label class="sr-only" for={`service-${i}`}>
              Name of service {i + 1}
            </label>
            <input id={`service-${i}`} type="text" value={row.name} onInput={(e) => change(rows.map((r, j) => (j === i ? { ...r, name: e.currentTarget.value } : r)))} />
            {row.stored && row.name.trim() !== row.stored && <span class="tag">renamed from {row.stored}</span>}
            <button
              type="button"
              class="button subtle"
              aria-label={`Retire ${row.stored || row.name}`}
              onClick={() => {
                change(rows.filter((_, j) => j !== i));
                if (row.stored) setRetired([...retired, row.stored].sort());
              }}
            >
              {row.stored ? 'Retire' : 'Remove'}
            </button>
          </li>
        ))}
      </ul>
      {problemOf(s.error, 'services') && <p class="problem">{problemOf(s.error, 'services')}</p>}
      <div class="add-row">
        <FieldControl id="service-new" name="service" label="Add a service" kind="text" value={adding} onValue={setAdding} problem={addProblem} />
        <button type="button" class="button" onClick={add}>
          Add service
        </button>
      </div>
      {retired.length > 0 && (
        <>
          <h4>Retired services</h4>
          <p class="muted">No longer offered for new complaints; their cases keep the name and still count in the reports.</p>
          <ul class="settings-list" aria-label="Retired services">
            {retired.map((name) => (
              <li key={name}>
                <span>{name}</span>
                <button
                  type="button"
                  class="button subtle"
                  aria-label={`Offer again: ${name}`}
                  onClick={() => {
                    setRetired(retired.filter((r) => r !== name));
                    change([...rows, { stored: name, name }]);
                  }}
                >
                  Offer again
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      {formerNames.length > 0 && (
        <p class="muted">
          Former names, reported under the current name: {formerNames.map(([old, now]) => `${old} → ${now}`).join('; ')}.
        </p>
      )}
    </SettingsSection>
  );
}
