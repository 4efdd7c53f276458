import { useEffect, useReducer, useState } from 'react';
import type { Dispatch } from 'react';
import type { WhatIfAccessView, WhatIfView } from '../../../contract/results';
import { callResolver } from '../../shared/call';
import { usePendingCall } from '../../shared/pending-call';
import { initialWhatIf, previewPayload, whatIfReducer } from '../state/whatIf';
import type { WhatIfAction, WhatIfDraft, WhatIfState } from '../state/whatIf';

function preview(request: { readonly draft: WhatIfDraft }) {
  return callResolver<WhatIfView>('previewRestrictionChange', previewPayload(request.draft));
}

/** The "What if" flow; asks `previewRestrictionChange` whenever the reducer starts a preview. */
export function useWhatIf(): readonly [WhatIfState, Dispatch<WhatIfAction>] {
  const [state, dispatch] = useReducer(whatIfReducer, initialWhatIf);
  usePendingCall(state.status === 'previewing' ? state : undefined, preview, dispatch);
  return [state, dispatch];
}

/**
 * Whether this viewer may preview restriction changes here (only someone who could make them
 * in Confluence), asked once when the macro offers the tab. Until the answer says yes, and
 * whenever the question fails, the tab is not offered.
 */
export function useWhatIfAccess(offered: boolean): boolean {
  const [allowed, setAllowed] = useState(false);
  useEffect(() => {
    if (!offered) return undefined;
    let current = true;
    callResolver<WhatIfAccessView>('getWhatIfAccess', {}).then(
      (result) => {
        if (current && result.ok) setAllowed(result.data.allowed);
      },
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [offered]);
  return allowed;
}
