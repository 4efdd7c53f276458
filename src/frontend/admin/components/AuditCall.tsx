import type { ReactElement } from 'react';
import type { Payload } from '../../shared/call';
import { ErrorState } from '../../shared/ErrorState';
import type { ResolverState } from '../../shared/useResolver';
import { Loading } from './Loading';

/**
 * One audit resolver call on screen: a spinner while it loads, the shared error state (with a
 * retry that asks again with `payload`) when it fails, and `children` once the data is there.
 */
export function AuditCall<T>({
  call,
  loading,
  payload = {},
  children,
}: {
  readonly call: ResolverState<T>;
  readonly loading: string;
  readonly payload?: Payload;
  readonly children: (data: T) => ReactElement;
}) {
  switch (call.status) {
    case 'loading':
      return <Loading text={loading} />;
    case 'failed':
      return (
        <ErrorState
          error={call.error}
          about="audit"
          onRetry={() => {
            call.refresh(payload);
          }}
        />
      );
    case 'loaded':
      return children(call.data);
  }
}
