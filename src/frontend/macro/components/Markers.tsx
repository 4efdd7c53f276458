import { Lozenge } from '@forge/react';
import type { PersonMarker } from '../../../core/effective-audience';
import { markerWord } from '../../../messages/effective';
import { useMessages } from '../../shared/messages';

/**
 * A person's markers as lozenges, the same wherever a person appears (the audience, the layers,
 * a check, a group's members): a guest stands out, the rest are plain.
 */
export function Markers({ markers }: { readonly markers: readonly PersonMarker[] }) {
  const m = useMessages();
  return (
    <>
      {markers.map((marker) => (
        <Lozenge key={marker} appearance={marker === 'guest' ? 'moved' : 'default'}>
          {markerWord(m, marker)}
        </Lozenge>
      ))}
    </>
  );
}
