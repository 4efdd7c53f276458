import { useEffect, useState } from 'react';
import type { GroupSearchView, SpaceSearchView } from '../../../contract/admin';
import { callResolver } from '../../shared/call';

export interface NameOption {
  readonly label: string;
  readonly value: string;
}

/**
 * The policy pickers' search: what Confluence has for the text typed so far, as the admin sees
 * it (first page only; the admin narrows the text for more). Only the latest text's answer shows.
 */
export function useNameSearch(kind: 'groups' | 'spaces'): {
  readonly options: readonly NameOption[];
  readonly loading: boolean;
  readonly search: (text: string) => void;
} {
  const [text, setText] = useState('');
  const [answer, setAnswer] = useState<{ text: string; options: NameOption[] }>({
    text: '',
    options: [],
  });
  useEffect(() => {
    const query = text.trim();
    if (query === '') return;
    let current = true;
    const asked =
      kind === 'groups'
        ? callResolver<GroupSearchView>('searchGroups', { query }).then((result) =>
            result.ok ? result.data.groups.map((g) => ({ label: g.name, value: g.name })) : [],
          )
        : callResolver<SpaceSearchView>('searchSpaces', { query }).then((result) =>
            result.ok
              ? result.data.spaces.map((s) => ({ label: `${s.key} (${s.name})`, value: s.key }))
              : [],
          );
    void asked.then(
      (options) => {
        if (current) setAnswer({ text, options });
      },
      () => {
        if (current) setAnswer({ text, options: [] });
      },
    );
    return () => {
      current = false;
    };
  }, [kind, text]);
  return {
    options: text.trim() === '' || answer.text !== text ? [] : answer.options,
    loading: text.trim() !== '' && answer.text !== text,
    search: setText,
  };
}
