import { useState } from 'react';
import type { EndpointInfo } from '../../../../shared/endpoints';
import { PRESETS, PRESET_NAMES, presetProfile } from '../../../../shared/profile';
import { ErrorMessage } from '../../components/ErrorMessage';
import { canonical, presetOf, profileProblems } from './profile-draft';
import { ProfileFields } from './ProfileFields';
import { useEndpointMutations } from './use-endpoints';

/**
 * How the endpoint behaves: a preset chosen (title and summary), or its fields edited. Saved all
 * at once: the engine applies the whole profile or, refusing it, none of it (and says why).
 */
export function ProfileEditor({ endpoint }: { endpoint: EndpointInfo }) {
  const { update } = useEndpointMutations();
  const [draft, setDraft] = useState(() => structuredClone(endpoint.profile));
  const [editing, setEditing] = useState(false);
  const preset = presetOf(draft);
  const problems = profileProblems(draft);
  const changed = canonical(draft) !== canonical(endpoint.profile);
  const save = () =>
    update.mutate(preset ? { id: endpoint.id, preset } : { id: endpoint.id, profile: draft }, {
      onSuccess: (next) => setDraft(structuredClone(next.profile)),
    });
  return (
    <section aria-labelledby="profile-heading" className="profile-editor">
      <h3 id="profile-heading">
        Profile{preset ? `: ${PRESETS[preset].title}` : ' '}
        {!preset && <span className="tag">edited</span>}
      </h3>
      <fieldset>
        <legend>Start from a preset</legend>
        {PRESET_NAMES.map((name) => (
          <label key={name} className="preset">
            <input
              type="radio"
              name={`preset-${endpoint.id}`}
              checked={preset === name}
              onChange={() => setDraft(presetProfile(name))}
            />{' '}
            <strong>{PRESETS[name].title}</strong> — {PRESETS[name].summary}
          </label>
        ))}
      </fieldset>
      <button type="button" aria-expanded={editing} onClick={() => setEditing(!editing)}>
        {editing ? 'Hide the fields' : 'Edit the fields…'}
      </button>
      {editing && <ProfileFields profile={draft} onChange={setDraft} />}
      {problems.length > 0 && (
        <ul className="field-error" aria-label="Problems with the profile">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      <div className="actions">
        <button type="button" disabled={!changed || problems.length > 0 || update.isPending} onClick={save}>
          Save the profile
        </button>
        <button type="button" disabled={!changed} onClick={() => setDraft(structuredClone(endpoint.profile))}>
          Undo changes
        </button>
        {changed ? (
          <span className="muted">Not saved yet.</span>
        ) : (
          update.isSuccess && <span role="status">Saved.</span>
        )}
      </div>
      <ErrorMessage error={update.error} what="save the profile" />
    </section>
  );
}
