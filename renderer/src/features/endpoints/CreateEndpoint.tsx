import { useState, type FormEvent } from 'react';
import { endpointName } from '../../../../shared/endpoints';
import { DEFAULT_PRESET, PRESETS, PRESET_NAMES, type PresetName } from '../../../../shared/profile';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useEndpointMutations } from './use-endpoints';

/** The first problem with a name, in words (the engine's rule, checked as it is typed). */
export function nameProblem(name: string): string | null {
  const parsed = endpointName.safeParse(name);
  return parsed.success ? null : `The name ${parsed.error.issues[0]?.message ?? 'is not valid'}.`;
}

/** A new endpoint: a name (its URL segment) and the preset it starts with. */
export function CreateEndpoint() {
  const { create } = useEndpointMutations();
  const [name, setName] = useState('');
  const [preset, setPreset] = useState<PresetName>(DEFAULT_PRESET);
  const problem = name ? nameProblem(name) : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!name || problem) return;
    create.mutate({ name, preset }, { onSuccess: () => setName('') });
  };
  return (
    <form className="create-endpoint" aria-label="New endpoint" onSubmit={submit}>
      <label>
        Name{' '}
        <input
          value={name}
          placeholder="okta-test"
          spellCheck={false}
          aria-invalid={problem !== null}
          aria-describedby={problem ? 'endpoint-name-problem' : undefined}
          onChange={(e) => setName(e.target.value)}
        />
      </label>
      <label>
        Preset{' '}
        <select value={preset} onChange={(e) => setPreset(e.target.value as PresetName)}>
          {PRESET_NAMES.map((p) => (
            <option key={p} value={p}>
              {PRESETS[p].title}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" disabled={!name || problem !== null || create.isPending}>
        Create endpoint
      </button>
      <span className="muted">{PRESETS[preset].summary}</span>
      {problem && (
        <p id="endpoint-name-problem" className="field-error">
          {problem}
        </p>
      )}
      {create.isSuccess && !name && (
        <p role="status">
          Created {create.data.name}: {create.data.scimUrl}
        </p>
      )}
      <ErrorMessage error={create.error} what="create the endpoint" />
    </form>
  );
}
