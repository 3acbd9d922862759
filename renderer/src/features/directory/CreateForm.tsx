import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { Kind } from '../../api/scim-client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useDirectoryScim } from './use-directory-scim';

/** Test data, created through the SCIM endpoint as any client would (it shows as console traffic). */
export function CreateForm({ kind, onCreated }: { kind: Kind; onCreated: () => void }) {
  const [name, setName] = useState('');
  const { scim } = useDirectoryScim();
  const create = useMutation({
    mutationFn: (given: string) =>
      scim.create(
        kind,
        kind === 'Users'
          ? { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: given, active: true }
          : { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: given },
      ),
    onSuccess: (_, created) => (setName((now) => (now === created ? '' : now)), onCreated()),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (name.trim()) create.mutate(name);
  };
  return (
    <form className="create" onSubmit={submit}>
      <input
        aria-label={kind === 'Users' ? 'New userName' : 'New group displayName'}
        placeholder={kind === 'Users' ? 'userName of a test user' : 'displayName of a test group'}
        value={name}
        onChange={(e) => (setName(e.target.value), create.reset())}
      />
      <button type="submit" disabled={create.isPending}>
        Create {kind === 'Users' ? 'user' : 'group'}
      </button>
      <ErrorMessage error={create.error} what="create it" />
    </form>
  );
}
