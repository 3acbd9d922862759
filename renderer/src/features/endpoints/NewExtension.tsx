import { useState, type FormEvent } from 'react';
import type { CustomExtension } from '../../../../shared/custom-schema';

/** A new extension: its URN, a name and the resource type it extends; its first attribute is added next. */
export function NewExtension({ onAdd }: { onAdd(extension: CustomExtension): void }) {
  const [id, setId] = useState('');
  const [name, setName] = useState('');
  const [resourceType, setResourceType] = useState<'User' | 'Group'>('User');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onAdd({
      id: id.trim(),
      name: name.trim() || id.trim(),
      description: '',
      resourceType,
      required: false,
      attributes: [],
    });
    setId('');
    setName('');
  };
  return (
    <form className="new-extension" aria-label="New extension" onSubmit={submit}>
      <label>
        Extension URN{' '}
        <input
          value={id}
          placeholder="urn:example:params:scim:schemas:extension:hr:2.0:User"
          spellCheck={false}
          onChange={(e) => setId(e.target.value)}
        />
      </label>
      <label>
        Name <input value={name} placeholder="HR" onChange={(e) => setName(e.target.value)} />
      </label>
      <label>
        Extends{' '}
        <select value={resourceType} onChange={(e) => setResourceType(e.target.value as 'User' | 'Group')}>
          <option>User</option>
          <option>Group</option>
        </select>
      </label>
      <button type="submit" disabled={!id.trim()}>
        Add the extension
      </button>
    </form>
  );
}
