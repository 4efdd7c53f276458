/**
 * The ForgeDoc tree `@forge/react`'s reconciler sends over the bridge, and the conversions the
 * host needs around it. Shared by the renderer, the bridge and the browser tests.
 */
import { isValidElement } from 'react';
import type { ReactElement } from 'react';

export interface ForgeDoc {
  readonly type: string;
  readonly props: Record<string, unknown>;
  readonly children: readonly ForgeDoc[];
  readonly key?: string;
}

/** The reconciler's two containers: the view (`render`) and the macro config (`addConfig`). */
export type RootType = 'Root' | 'MacroConfig';

/** The event shape UI Kit hands to `onChange`/`onBlur`/`onFocus` (forge-react-types' `SerialisableEvent`). */
export interface SerialisableEvent {
  readonly bubbles: boolean;
  readonly cancelable: boolean;
  readonly defaultPrevented: boolean;
  readonly eventPhase: number;
  readonly isTrusted: boolean;
  readonly target: {
    readonly selectionStart?: number | null;
    readonly selectionEnd?: number | null;
    readonly value?: unknown;
    readonly checked?: boolean;
    readonly name?: string;
    readonly id?: string;
    readonly tagName?: string;
    readonly type?: string;
  };
  readonly timeStamp: number;
  readonly type: string;
}

export function isForgeDoc(value: unknown): value is ForgeDoc {
  if (typeof value !== 'object' || value === null) return false;
  const node = value as Partial<ForgeDoc>;
  return (
    typeof node.type === 'string' && Array.isArray(node.children) && typeof node.props === 'object'
  );
}

/**
 * Props such as SectionMessage `actions`, EmptyState `primaryAction` or DynamicTable `emptyView`
 * hold React elements the reconciler never saw. The product host receives them serialised and
 * renders them like ForgeDoc; converting them here lets one renderer handle both.
 */
export function toForgeDocs(value: unknown, keyPrefix = 'p'): ForgeDoc[] {
  if (value === null || value === undefined || typeof value === 'boolean') return [];
  if (typeof value === 'string' || typeof value === 'number') {
    return [{ type: 'String', props: { text: String(value) }, children: [], key: keyPrefix }];
  }
  if (Array.isArray(value)) {
    return value.flatMap((item, index) => toForgeDocs(item, `${keyPrefix}.${index}`));
  }
  if (isForgeDoc(value)) return [value];
  if (isValidElement(value)) return elementToDocs(value, keyPrefix);
  return [];
}

function elementToDocs(element: ReactElement, keyPrefix: string): ForgeDoc[] {
  const { children, ...props } = (element.props ?? {}) as Record<string, unknown>;
  const key = element.key ?? keyPrefix;
  if (typeof element.type === 'string') {
    return [{ type: element.type, props, children: toForgeDocs(children, key), key }];
  }
  if (typeof element.type === 'function') {
    // The same shortcut @forge/react's DynamicTable takes for cell content: evaluate a plain
    // function component in place. Components that use hooks cannot live in such props.
    const render = element.type as (p: unknown) => unknown;
    return toForgeDocs(render(element.props), key);
  }
  // Fragments and other exotic element types: keep their children.
  return toForgeDocs(children, key);
}

/** All text in a tree, joined with spaces; what tests and error messages show. */
export function textOf(node: ForgeDoc): string {
  if (node.type === 'String') return typeof node.props.text === 'string' ? node.props.text : '';
  return node.children
    .map(textOf)
    .filter((part) => part.length > 0)
    .join(' ');
}
