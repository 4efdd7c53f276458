/**
 * Renders a UI Kit ForgeDoc tree with Atlassian's own `@atlaskit/*` components, the design
 * system the product host renders UI Kit with. Event props arrive as functions (the app runs in
 * this page) and are called with serialisable arguments, as the product host calls them across
 * its bridge. Components without an installed Atlaskit package (Checkbox, DatePicker, EmptyState,
 * UserPicker's picker, charts) get small stand-ins built from the installed ones; an unknown type
 * renders a red box naming it, never nothing.
 */
import { Component, createContext, useContext, useEffect, useMemo, useRef, useState } from 'react';
import type {
  ChangeEvent,
  ComponentProps,
  CSSProperties,
  ErrorInfo,
  FocusEvent,
  ReactNode,
  SyntheticEvent,
} from 'react';
import Avatar from '@atlaskit/avatar';
import Badge from '@atlaskit/badge';
import Button from '@atlaskit/button/default/button';
import LinkButton from '@atlaskit/button/link';
import ButtonGroup from '@atlaskit/button/button-group';
import DynamicTable from '@atlaskit/dynamic-table';
import {
  ErrorMessage,
  FormFooter,
  FormHeader,
  FormSection,
  HelperMessage,
  Label,
  RequiredAsterisk,
  ValidMessage,
} from '@atlaskit/form';
import Heading from '@atlaskit/heading';
import Link from '@atlaskit/link';
import Lozenge from '@atlaskit/lozenge';
import ModalDialog, {
  ModalBody,
  ModalFooter,
  ModalHeader,
  ModalTitle,
} from '@atlaskit/modal-dialog';
import { Flex, Grid, Inline, Pressable, Stack, Text } from '@atlaskit/primitives';
import ProgressBar from '@atlaskit/progress-bar';
import { Radio, RadioGroup } from '@atlaskit/radio';
import SectionMessage, { SectionMessageAction } from '@atlaskit/section-message';
import Select, { AsyncSelect } from '@atlaskit/select';
import Spinner from '@atlaskit/spinner';
import Tabs, { Tab, TabList, TabPanel } from '@atlaskit/tabs';
import Tag from '@atlaskit/tag';
import TagGroup from '@atlaskit/tag-group';
import TextArea from '@atlaskit/textarea';
import Textfield from '@atlaskit/textfield';
import Toggle from '@atlaskit/toggle';
import { token } from '@atlaskit/tokens';
import Tooltip from '@atlaskit/tooltip';
import { textOf, toForgeDocs } from './forge-doc';
import type { ForgeDoc, SerialisableEvent } from './forge-doc';

export interface PreviewUser {
  readonly accountId: string;
  readonly displayName: string;
  readonly email?: string;
}

/** What the renderer needs from the page around it. */
export interface HostServices {
  /** Display name for `User`; undefined when the account is unknown. */
  resolveUser(accountId: string): Promise<PreviewUser | undefined>;
  /** Candidates for `UserPicker`. */
  searchUsers(query: string): Promise<readonly PreviewUser[]>;
  /** An app or host error the page must show and the terminal must print. */
  reportError(message: string, detail?: string): void;
  /** A Modal opened or closed: a framed host may need more room. */
  onModalChange?(open: boolean): void;
}

/**
 * Inside a `MacroConfig` root, named fields are the macro's configuration: the host keeps their
 * values (as Confluence does) and hands them back as `context.extension.config`.
 */
export interface ConfigFields {
  readonly values: Readonly<Record<string, unknown>>;
  set(name: string, value: unknown): void;
}

const ServicesContext = createContext<HostServices | null>(null);
const ConfigContext = createContext<ConfigFields | null>(null);
/** A file name the nearest enclosing SectionMessage's title gives, for a CodeBlock inside it. */
const FileNameContext = createContext<string | undefined>(undefined);

function useServices(): HostServices {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('ForgeDocView needs HostServices');
  return services;
}

export function ForgeDocView({
  doc,
  services,
  config,
}: {
  readonly doc: ForgeDoc;
  readonly services: HostServices;
  readonly config?: ConfigFields;
}) {
  return (
    <ServicesContext.Provider value={services}>
      <ConfigContext.Provider value={config ?? null}>
        <RenderBoundary services={services}>
          <DocNode doc={doc} />
        </RenderBoundary>
      </ConfigContext.Provider>
    </ServicesContext.Provider>
  );
}

class RenderBoundary extends Component<
  { readonly services: HostServices; readonly children: ReactNode },
  { error: string | null }
> {
  override state = { error: null as string | null };

  static getDerivedStateFromError(error: unknown) {
    return { error: error instanceof Error ? error.message : String(error) };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo) {
    this.props.services.reportError(
      `The preview host failed to render: ${error instanceof Error ? error.message : String(error)}`,
      info.componentStack ?? undefined,
    );
  }

  override render() {
    if (this.state.error !== null) {
      return (
        <ErrorBox title="The preview host failed to render this view" text={this.state.error} />
      );
    }
    return this.props.children;
  }
}

// ---------------------------------------------------------------------------------------------
// Helpers

type Props = Readonly<Record<string, unknown>>;

function str(props: Props, name: string): string | undefined {
  const value = props[name];
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}

function bool(props: Props, name: string): boolean | undefined {
  const value = props[name];
  return typeof value === 'boolean' ? value : undefined;
}

function num(props: Props, name: string): number | undefined {
  const value = props[name];
  return typeof value === 'number' ? value : undefined;
}

/** The non-function props among `names`, typed as the Atlaskit component's props. */
function pass<T>(props: Props, names: readonly string[]): Partial<T> {
  const picked: Record<string, unknown> = {};
  for (const name of names) {
    const value = props[name];
    if (value !== undefined && typeof value !== 'function') picked[name] = value;
  }
  return picked as Partial<T>;
}

type Handler = (...args: unknown[]) => unknown;

function handlerOf(props: Props, name: string): Handler | undefined {
  const value = props[name];
  return typeof value === 'function' ? (value as Handler) : undefined;
}

/** Calls an app event handler; its failures are the app's errors, shown and logged. */
function useCall() {
  const services = useServices();
  return (handler: Handler | undefined, ...args: unknown[]): void => {
    if (!handler) return;
    const fail = (error: unknown) => {
      services.reportError(
        `An event handler in the app failed: ${error instanceof Error ? error.message : String(error)}`,
        error instanceof Error ? error.stack : undefined,
      );
    };
    try {
      const result = handler(...args);
      if (result instanceof Promise) result.catch(fail);
    } catch (error) {
      fail(error);
    }
  };
}

export function serialiseEvent(event: SyntheticEvent): SerialisableEvent {
  const target = event.target as Partial<HTMLInputElement>;
  const selectable = target.type === 'text' || target.tagName === 'TEXTAREA';
  return {
    bubbles: event.bubbles,
    cancelable: event.cancelable,
    defaultPrevented: event.defaultPrevented,
    eventPhase: event.eventPhase,
    isTrusted: event.isTrusted,
    timeStamp: event.timeStamp,
    type: event.type,
    target: {
      value: target.value,
      checked: target.checked,
      name: target.name,
      id: target.id,
      tagName: target.tagName,
      type: target.tagName === 'TEXTAREA' ? 'textarea' : target.type,
      ...(selectable
        ? { selectionStart: target.selectionStart, selectionEnd: target.selectionEnd }
        : {}),
    },
  };
}

/** Option objects and user values cross the bridge as plain data. */
function plain(value: unknown): unknown {
  return value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as unknown);
}

/** Values the app controls win; otherwise the host keeps the field's state, like a real input. */
function useFieldValue<T>(controlled: T | undefined, initial: T): [T, (value: T) => void] {
  const [local, setLocal] = useState<T>(controlled ?? initial);
  useEffect(() => {
    if (controlled !== undefined) setLocal(controlled);
  }, [controlled]);
  return [local, setLocal];
}

/** Config-root fields: their starting value comes from the saved config, changes go back. */
function useConfigField(props: Props): ConfigFields | null {
  const config = useContext(ConfigContext);
  return config && str(props, 'name') !== undefined ? config : null;
}

function configValue(config: ConfigFields | null, props: Props): unknown {
  const name = str(props, 'name');
  return config && name !== undefined ? config.values[name] : undefined;
}

function Children({ doc }: { readonly doc: ForgeDoc }) {
  return (
    <>
      {doc.children.map((child, index) => (
        <DocNode key={child.key ?? index} doc={child} />
      ))}
    </>
  );
}

/** Renders a ReactNode-valued prop (actions, descriptions, labels). */
function PropContent({ value }: { readonly value: unknown }) {
  return (
    <>
      {toForgeDocs(value).map((child, index) => (
        <DocNode key={child.key ?? index} doc={child} />
      ))}
    </>
  );
}

function propNode(value: unknown): ReactNode {
  return value === undefined || value === null ? undefined : <PropContent value={value} />;
}

function ErrorBox({ title, text }: { readonly title: string; readonly text?: string }) {
  return (
    <div
      role="alert"
      data-preview-error="true"
      style={{
        border: '2px solid #C9372C',
        background: '#FFECEB',
        color: '#5D1F1A',
        padding: '8px 12px',
        borderRadius: 4,
        margin: '4px 0',
        fontFamily: 'monospace',
      }}
    >
      <strong>{title}</strong>
      {text === undefined ? null : <div>{text}</div>}
    </div>
  );
}

const reportedUnknown = new Set<string>();

function Unknown({ doc }: { readonly doc: ForgeDoc }) {
  const services = useServices();
  useEffect(() => {
    if (reportedUnknown.has(doc.type)) return;
    reportedUnknown.add(doc.type);
    services.reportError(`The preview host does not support the UI Kit component <${doc.type}>`);
  }, [doc.type, services]);
  return (
    <ErrorBox
      title={`Unsupported UI Kit component: <${doc.type}>`}
      text={textOf(doc) || undefined}
    />
  );
}

// ---------------------------------------------------------------------------------------------
// Components

type Renderer = (props: { readonly doc: ForgeDoc }) => ReactNode;

function DocNode({ doc }: { readonly doc: ForgeDoc }) {
  const Render = RENDERERS[doc.type] ?? Unknown;
  return <Render doc={doc} />;
}

function StringNode({ doc }: { readonly doc: ForgeDoc }) {
  return <>{str(doc.props, 'text') ?? ''}</>;
}

function TextNode({ doc }: { readonly doc: ForgeDoc }) {
  const as = str(doc.props, 'as');
  const children = <Children doc={doc} />;
  if (as === 'strike') return <s>{children}</s>;
  return (
    <Text
      {...pass<ComponentProps<typeof Text>>(doc.props, [
        'align',
        'color',
        'maxLines',
        'size',
        'weight',
        'testId',
      ])}
      as={as === 'span' || as === 'strong' || as === 'em' ? as : 'p'}
    >
      {children}
    </Text>
  );
}

function HeadingNode({ doc }: { readonly doc: ForgeDoc }) {
  // UI Kit's older Heading took `as="h1"…"h6"` for the size.
  const legacy: Record<string, ComponentProps<typeof Heading>['size']> = {
    h1: 'xlarge',
    h2: 'large',
    h3: 'medium',
    h4: 'small',
    h5: 'xsmall',
    h6: 'xxsmall',
  };
  const as = str(doc.props, 'as');
  const size =
    (str(doc.props, 'size') as ComponentProps<typeof Heading>['size'] | undefined) ??
    (as === undefined ? undefined : legacy[as]) ??
    'medium';
  return (
    <Heading
      size={size}
      {...pass<ComponentProps<typeof Heading>>(doc.props, ['as', 'color', 'id', 'testId'])}
    >
      <Children doc={doc} />
    </Heading>
  );
}

function LozengeNode({ doc }: { readonly doc: ForgeDoc }) {
  return (
    <Lozenge
      {...pass<ComponentProps<typeof Lozenge>>(doc.props, [
        'appearance',
        'isBold',
        'maxWidth',
        'testId',
      ])}
    >
      <Children doc={doc} />
    </Lozenge>
  );
}

function BadgeNode({ doc }: { readonly doc: ForgeDoc }) {
  const text = textOf(doc);
  const value = Number(text);
  return (
    <Badge {...pass<ComponentProps<typeof Badge>>(doc.props, ['appearance', 'max', 'testId'])}>
      {text !== '' && Number.isFinite(value) ? value : text}
    </Badge>
  );
}

const FILE_NAME = /[\w.-]+\.(csv|tsv|json|txt|md|ya?ml|xml|html?)\b/i;

function SectionMessageNode({ doc }: { readonly doc: ForgeDoc }) {
  const actions = toForgeDocs(doc.props.actions).map((action, index) => (
    <SectionMessageActionNode key={action.key ?? index} doc={action} />
  ));
  const fileName = FILE_NAME.exec(str(doc.props, 'title') ?? '')?.[0];
  const message = (
    <SectionMessage
      appearance={
        str(doc.props, 'appearance') as ComponentProps<typeof SectionMessage>['appearance']
      }
      title={str(doc.props, 'title')}
      testId={str(doc.props, 'testId')}
      actions={actions.length > 0 ? actions : undefined}
    >
      <Children doc={doc} />
    </SectionMessage>
  );
  return fileName === undefined ? (
    message
  ) : (
    <FileNameContext.Provider value={fileName}>{message}</FileNameContext.Provider>
  );
}

function SectionMessageActionNode({ doc }: { readonly doc: ForgeDoc }) {
  const call = useCall();
  const onClick = handlerOf(doc.props, 'onClick');
  return (
    <SectionMessageAction
      href={str(doc.props, 'href')}
      testId={str(doc.props, 'testId')}
      onClick={
        onClick
          ? (event: SyntheticEvent) => {
              call(onClick, serialiseEvent(event));
            }
          : undefined
      }
    >
      {textOf(doc)}
    </SectionMessageAction>
  );
}

function SpinnerNode({ doc }: { readonly doc: ForgeDoc }) {
  return (
    <Spinner
      {...pass<ComponentProps<typeof Spinner>>(doc.props, [
        'appearance',
        'delay',
        'label',
        'size',
        'testId',
      ])}
    />
  );
}

const LAYOUT_PROPS = [
  'alignBlock',
  'alignInline',
  'grow',
  'space',
  'spread',
  'shouldWrap',
  'separator',
  'rowSpace',
  'testId',
];

function StackNode({ doc }: { readonly doc: ForgeDoc }) {
  return (
    <Stack {...pass<ComponentProps<typeof Stack>>(doc.props, LAYOUT_PROPS)}>
      <Children doc={doc} />
    </Stack>
  );
}

function InlineNode({ doc }: { readonly doc: ForgeDoc }) {
  return (
    <Inline {...pass<ComponentProps<typeof Inline>>(doc.props, LAYOUT_PROPS)}>
      <Children doc={doc} />
    </Inline>
  );
}

function FlexNode({ doc }: { readonly doc: ForgeDoc }) {
  return (
    <Flex
      {...pass<ComponentProps<typeof Flex>>(doc.props, [
        'direction',
        'gap',
        'columnGap',
        'rowGap',
        'alignItems',
        'justifyContent',
        'wrap',
        'testId',
      ])}
    >
      <Children doc={doc} />
    </Flex>
  );
}

function GridNode({ doc }: { readonly doc: ForgeDoc }) {
  return (
    <Grid
      {...pass<ComponentProps<typeof Grid>>(doc.props, [
        'gap',
        'columnGap',
        'rowGap',
        'alignItems',
        'justifyContent',
        'templateAreas',
        'templateColumns',
        'templateRows',
        'testId',
      ])}
    >
      <Children doc={doc} />
    </Grid>
  );
}

const TOKEN_PREFIX = /^(space|color|elevation|border|radius|font|opacity|utility)\./;

/** Design tokens (`space.100`, `color.border`) become CSS variables with their fallbacks. */
function cssValue(value: unknown): string | number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return undefined;
  if (!TOKEN_PREFIX.test(value)) return value;
  try {
    return token(value as Parameters<typeof token>[0]);
  } catch {
    return value;
  }
}

const BOX_PROPS: Readonly<Record<string, keyof CSSProperties>> = {
  padding: 'padding',
  paddingBlock: 'paddingBlock',
  paddingBlockStart: 'paddingBlockStart',
  paddingBlockEnd: 'paddingBlockEnd',
  paddingInline: 'paddingInline',
  paddingInlineStart: 'paddingInlineStart',
  paddingInlineEnd: 'paddingInlineEnd',
  backgroundColor: 'backgroundColor',
};

function BoxNode({ doc }: { readonly doc: ForgeDoc }) {
  const style: Record<string, string | number> = {};
  for (const [prop, css] of Object.entries(BOX_PROPS)) {
    const value = cssValue(doc.props[prop]);
    if (value !== undefined) style[css] = value;
  }
  const xcss = doc.props.xcss;
  if (typeof xcss === 'object' && xcss !== null) {
    for (const [prop, raw] of Object.entries(xcss as Record<string, unknown>)) {
      // Pseudo-classes and media queries cannot be inline styles; the base style still applies.
      if (prop.startsWith(':') || prop.startsWith('@')) continue;
      const value = cssValue(raw);
      if (value !== undefined) style[prop] = value;
    }
  }
  const Tag = (str(doc.props, 'as') ?? 'div') as 'div';
  return (
    <Tag style={style} data-testid={str(doc.props, 'testId')}>
      <Children doc={doc} />
    </Tag>
  );
}

const BUTTON_PROPS = [
  'appearance',
  'isDisabled',
  'isSelected',
  'shouldFitContainer',
  'spacing',
  'type',
  'autoFocus',
  'testId',
];

const NEW_BUTTON_APPEARANCES = new Set([
  'default',
  'primary',
  'subtle',
  'warning',
  'danger',
  'discovery',
]);

function ButtonNode({ doc }: { readonly doc: ForgeDoc }) {
  const call = useCall();
  const onClick = handlerOf(doc.props, 'onClick');
  const onBlur = handlerOf(doc.props, 'onBlur');
  const onFocus = handlerOf(doc.props, 'onFocus');
  const appearance = str(doc.props, 'appearance') ?? 'default';
  const events = {
    onClick: (event: SyntheticEvent) => {
      call(onClick, serialiseEvent(event));
    },
    onBlur: (event: FocusEvent) => {
      call(onBlur, serialiseEvent(event));
    },
    onFocus: (event: FocusEvent) => {
      call(onFocus, serialiseEvent(event));
    },
  };
  const children = <Children doc={doc} />;
  if (!NEW_BUTTON_APPEARANCES.has(appearance)) {
    // UI Kit's `link` and `subtle-link` appearances: today's Atlaskit Button has no such
    // appearance, so they render as a text button in the link colours.
    return (
      <button
        type="button"
        disabled={bool(doc.props, 'isDisabled')}
        data-testid={str(doc.props, 'testId')}
        className="preview-link-button"
        style={{
          background: 'none',
          border: 0,
          padding: 0,
          font: 'inherit',
          cursor: 'pointer',
          color: appearance === 'subtle-link' ? token('color.text.subtle') : token('color.link'),
        }}
        {...events}
      >
        {children}
      </button>
    );
  }
  const common = {
    ...pass<ComponentProps<typeof Button>>(doc.props, BUTTON_PROPS),
    appearance: appearance as ComponentProps<typeof Button>['appearance'],
    // UI Kit's `spacing="none"` has no equivalent in this button; compact is closest.
    ...(str(doc.props, 'spacing') === 'none' ? { spacing: 'compact' as const } : {}),
    ...events,
  };
  const href = str(doc.props, 'href');
  if (doc.type === 'LinkButton' && href !== undefined) {
    return (
      <LinkButton
        {...(common as Partial<ComponentProps<typeof LinkButton>>)}
        href={href}
        target={str(doc.props, 'target')}
      >
        {children}
      </LinkButton>
    );
  }
  return (
    <Button {...common} isLoading={bool(doc.props, 'isLoading') === true}>
      {children}
    </Button>
  );
}

function ButtonGroupNode({ doc }: { readonly doc: ForgeDoc }) {
  return (
    <ButtonGroup label={str(doc.props, 'label')}>
      {doc.children.map((child, index) => (
        <DocNode key={child.key ?? index} doc={child} />
      ))}
    </ButtonGroup>
  );
}

function LinkNode({ doc }: { readonly doc: ForgeDoc }) {
  const newTab = bool(doc.props, 'openNewTab') === true;
  return (
    <Link href={str(doc.props, 'href') ?? '#'} target={newTab ? '_blank' : '_top'}>
      <Children doc={doc} />
    </Link>
  );
}

function TabsNode({ doc }: { readonly doc: ForgeDoc }) {
  const call = useCall();
  const onChange = handlerOf(doc.props, 'onChange');
  const selected = num(doc.props, 'selected');
  const lists = doc.children.filter((child) => child.type === 'TabList');
  const panels = doc.children.filter((child) => child.type === 'TabPanel');
  const others = doc.children.filter(
    (child) => child.type !== 'TabList' && child.type !== 'TabPanel',
  );
  return (
    <>
      <Tabs
        id={str(doc.props, 'id') ?? `tabs-${doc.key ?? 'x'}`}
        defaultSelected={num(doc.props, 'defaultSelected')}
        {...(selected === undefined ? {} : { selected })}
        shouldUnmountTabPanelOnChange={bool(doc.props, 'shouldUnmountTabPanelOnChange')}
        testId={str(doc.props, 'testId')}
        onChange={(index: number) => {
          call(onChange, index);
        }}
      >
        <TabList>
          {(lists[0]?.children ?? []).map((tab, index) => (
            <Tab key={tab.key ?? index} testId={str(tab.props, 'testId')}>
              {textOf(tab)}
            </Tab>
          ))}
        </TabList>
        {panels.map((panel, index) => (
          <TabPanel key={panel.key ?? index} testId={str(panel.props, 'testId')}>
            <div style={{ width: '100%', paddingTop: 8 }}>
              <Children doc={panel} />
            </div>
          </TabPanel>
        ))}
      </Tabs>
      {others.map((child, index) => (
        <Unknown key={child.key ?? index} doc={child} />
      ))}
    </>
  );
}

/** `@forge/react`'s DynamicTable sends head and rows as `ContentWrapper` children of Cells/Rows. */
function DynamicTableNode({ doc }: { readonly doc: ForgeDoc }) {
  const call = useCall();
  const wrapper = (name: string) =>
    doc.children.find((child) => child.type === 'ContentWrapper' && child.props.name === name);
  const cell = (node: ForgeDoc, index: number) => ({
    ...pass<Record<string, unknown>>(node.props, [
      'isSortable',
      'width',
      'shouldTruncate',
      'colSpan',
    ]),
    key: str(node.props, 'cellKey') ?? index,
    content: <Children doc={node} />,
  });
  const headCells = wrapper('head')?.children.map(cell);
  const rows = wrapper('rows')?.children.map((row, index) => ({
    key: str(row.props, 'rowKey') ?? `row-${index}`,
    isHighlighted: bool(row.props, 'isHighlighted'),
    cells: row.children.map(cell),
  }));
  const onSetPage = handlerOf(doc.props, 'onSetPage');
  const onSort = handlerOf(doc.props, 'onSort');
  const tableProps = {
    ...pass<ComponentProps<typeof DynamicTable>>(doc.props, [
      'caption',
      'defaultPage',
      'defaultSortKey',
      'defaultSortOrder',
      'highlightedRowIndex',
      'isFixedSize',
      'isLoading',
      'label',
      'loadingSpinnerSize',
      'page',
      'rowsPerPage',
      'sortKey',
      'sortOrder',
      'testId',
    ]),
    head: headCells ? { cells: headCells } : undefined,
    rows,
    emptyView:
      doc.props.emptyView === undefined ? undefined : <PropContent value={doc.props.emptyView} />,
    onSetPage: (page: number) => {
      call(onSetPage, page);
    },
    onSort: (data: unknown) => {
      call(onSort, plain(data));
    },
  } as ComponentProps<typeof DynamicTable>;
  return <DynamicTable {...tableProps} />;
}

function ProgressBarNode({ doc }: { readonly doc: ForgeDoc }) {
  return (
    <ProgressBar
      {...pass<ComponentProps<typeof ProgressBar>>(doc.props, [
        'appearance',
        'ariaLabel',
        'isIndeterminate',
        'testId',
      ])}
      value={num(doc.props, 'value') ?? 0}
    />
  );
}

function TagNode({ doc }: { readonly doc: ForgeDoc }) {
  const text = str(doc.props, 'text') ?? textOf(doc);
  return (
    <Tag
      {...pass<ComponentProps<typeof Tag>>(doc.props, [
        'appearance',
        'color',
        'href',
        'testId',
        'removeButtonLabel',
      ])}
      text={text}
      isRemovable={bool(doc.props, 'isRemovable') === true}
    />
  );
}

function TagGroupNode({ doc }: { readonly doc: ForgeDoc }) {
  return (
    <TagGroup {...pass<ComponentProps<typeof TagGroup>>(doc.props, ['alignment'])}>
      {doc.children.map((child, index) => (
        <DocNode key={child.key ?? index} doc={child} />
      ))}
    </TagGroup>
  );
}

const INPUT_PROPS = [
  'appearance',
  'isCompact',
  'isReadOnly',
  'isMonospaced',
  'placeholder',
  'width',
  'type',
  'min',
  'max',
  'maxLength',
  'minLength',
  'pattern',
  'id',
  'isRequired',
  'isDisabled',
  'isInvalid',
  'name',
  'autoFocus',
  'aria-invalid',
  'aria-labelledby',
  'testId',
  'minimumRows',
  'maxHeight',
  'resize',
  'spellCheck',
];

function TextInputNode({ doc }: { readonly doc: ForgeDoc }) {
  const call = useCall();
  const config = useConfigField(doc.props);
  const initial =
    (configValue(config, doc.props) as string | undefined) ?? str(doc.props, 'defaultValue') ?? '';
  const [value, setValue] = useFieldValue(str(doc.props, 'value'), initial);
  const onChange = (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => {
    setValue(event.target.value);
    config?.set(str(doc.props, 'name') ?? '', event.target.value);
    call(handlerOf(doc.props, 'onChange'), serialiseEvent(event));
  };
  const focus = (name: 'onBlur' | 'onFocus') => (event: FocusEvent) => {
    call(handlerOf(doc.props, name), serialiseEvent(event));
  };
  if (doc.type === 'TextArea') {
    return (
      <TextArea
        {...pass<ComponentProps<typeof TextArea>>(doc.props, INPUT_PROPS)}
        value={value}
        onChange={onChange}
        onBlur={focus('onBlur')}
        onFocus={focus('onFocus')}
      />
    );
  }
  return (
    <Textfield
      {...pass<ComponentProps<typeof Textfield>>(doc.props, INPUT_PROPS)}
      value={value}
      onChange={(event) => {
        onChange(event as ChangeEvent<HTMLInputElement>);
      }}
      onBlur={focus('onBlur')}
      onFocus={focus('onFocus')}
    />
  );
}

/**
 * No @atlaskit/datetime-picker is installed: the browser's own date field in an Atlaskit
 * Textfield (typed or picked, keyboard-operable). Like UI Kit's DatePicker, values are
 * `YYYY-MM-DD` strings and `onChange` gets the new one.
 */
function DatePickerNode({ doc }: { readonly doc: ForgeDoc }) {
  const call = useCall();
  const config = useConfigField(doc.props);
  const initial =
    (configValue(config, doc.props) as string | undefined) ?? str(doc.props, 'defaultValue') ?? '';
  const [value, setValue] = useFieldValue(str(doc.props, 'value'), initial);
  return (
    <Textfield
      {...pass<ComponentProps<typeof Textfield>>(doc.props, [
        'id',
        'name',
        'isDisabled',
        'isInvalid',
        'isRequired',
        'placeholder',
        'testId',
      ])}
      type="date"
      min={str(doc.props, 'minDate')}
      max={str(doc.props, 'maxDate')}
      aria-label={str(doc.props, 'label')}
      value={value}
      onChange={(event) => {
        const next = (event.target as HTMLInputElement).value;
        setValue(next);
        config?.set(str(doc.props, 'name') ?? '', next);
        call(handlerOf(doc.props, 'onChange'), next);
      }}
    />
  );
}

/** No @atlaskit/checkbox is installed: a native checkbox styled with the design tokens. */
function CheckboxNode({ doc }: { readonly doc: ForgeDoc }) {
  const call = useCall();
  const config = useConfigField(doc.props);
  const initial =
    (configValue(config, doc.props) as boolean | undefined) ??
    bool(doc.props, 'defaultChecked') ??
    false;
  const [checked, setChecked] = useFieldValue(bool(doc.props, 'isChecked'), initial);
  const id = str(doc.props, 'id') ?? `checkbox-${doc.key ?? 'x'}`;
  return (
    <label
      htmlFor={id}
      style={{
        display: 'inline-flex',
        gap: 8,
        alignItems: 'center',
        font: token('font.body'),
        cursor: 'pointer',
      }}
    >
      <input
        id={id}
        type="checkbox"
        name={str(doc.props, 'name')}
        value={str(doc.props, 'value')}
        checked={checked}
        disabled={bool(doc.props, 'isDisabled')}
        required={bool(doc.props, 'isRequired')}
        aria-invalid={bool(doc.props, 'isInvalid')}
        data-testid={str(doc.props, 'testId')}
        style={{ width: 14, height: 14, accentColor: token('color.background.brand.bold') }}
        onChange={(event) => {
          setChecked(event.target.checked);
          config?.set(str(doc.props, 'name') ?? '', event.target.checked);
          call(handlerOf(doc.props, 'onChange'), serialiseEvent(event));
        }}
      />
      {propNode(doc.props.label)}
    </label>
  );
}

function CheckboxGroupNode({ doc }: { readonly doc: ForgeDoc }) {
  const call = useCall();
  const config = useConfigField(doc.props);
  const options = (Array.isArray(doc.props.options) ? doc.props.options : []) as {
    label?: string;
    value?: string;
    isDisabled?: boolean;
  }[];
  const controlled = Array.isArray(doc.props.value) ? (doc.props.value as string[]) : undefined;
  const saved = configValue(config, doc.props);
  const initial = Array.isArray(saved)
    ? (saved as string[])
    : Array.isArray(doc.props.defaultValue)
      ? (doc.props.defaultValue as string[])
      : [];
  const [values, setValues] = useFieldValue(controlled, initial);
  return (
    <Stack space="space.050">
      {options.map((option) => (
        <label
          key={option.value}
          style={{ display: 'inline-flex', gap: 8, alignItems: 'center', font: token('font.body') }}
        >
          <input
            type="checkbox"
            name={str(doc.props, 'name')}
            value={option.value}
            checked={values.includes(option.value ?? '')}
            disabled={option.isDisabled === true || bool(doc.props, 'isDisabled') === true}
            style={{ accentColor: token('color.background.brand.bold') }}
            onChange={(event) => {
              const next = event.target.checked
                ? [...values, option.value ?? '']
                : values.filter((v) => v !== option.value);
              setValues(next);
              config?.set(str(doc.props, 'name') ?? '', next);
              call(handlerOf(doc.props, 'onChange'), next);
            }}
          />
          {option.label}
        </label>
      ))}
    </Stack>
  );
}

function ToggleNode({ doc }: { readonly doc: ForgeDoc }) {
  const call = useCall();
  const config = useConfigField(doc.props);
  const initial =
    (configValue(config, doc.props) as boolean | undefined) ??
    bool(doc.props, 'defaultChecked') ??
    false;
  const [checked, setChecked] = useFieldValue(bool(doc.props, 'isChecked'), initial);
  return (
    <Toggle
      {...pass<ComponentProps<typeof Toggle>>(doc.props, [
        'size',
        'testId',
        'label',
        'id',
        'isDisabled',
        'value',
        'name',
      ])}
      isChecked={checked}
      onChange={(event: ChangeEvent<HTMLInputElement>) => {
        setChecked(event.target.checked);
        config?.set(str(doc.props, 'name') ?? '', event.target.checked);
        call(handlerOf(doc.props, 'onChange'), serialiseEvent(event));
      }}
    />
  );
}

interface Option {
  readonly label: string;
  readonly value: unknown;
}

function SelectNode({ doc }: { readonly doc: ForgeDoc }) {
  const call = useCall();
  const config = useConfigField(doc.props);
  const options = (Array.isArray(doc.props.options) ? doc.props.options : []) as Option[];
  const isMulti = bool(doc.props, 'isMulti') === true;
  // A saved config holds option values; the Select shows the matching options.
  const saved = configValue(config, doc.props);
  const fromConfig =
    saved === undefined
      ? undefined
      : isMulti && Array.isArray(saved)
        ? options.filter((option) => saved.includes(option.value))
        : options.find((option) => option.value === saved);
  const selectProps = {
    ...pass<ComponentProps<typeof Select>>(doc.props, [
      'appearance',
      'autoFocus',
      'closeMenuOnSelect',
      'defaultInputValue',
      'defaultMenuIsOpen',
      'id',
      'inputId',
      'inputValue',
      'isClearable',
      'isDisabled',
      'isInvalid',
      'isLoading',
      'isMulti',
      'isSearchable',
      'menuIsOpen',
      'openMenuOnFocus',
      'name',
      'placeholder',
      'spacing',
      'testId',
      'value',
      'isRequired',
    ]),
    options,
    defaultValue: fromConfig ?? doc.props.defaultValue,
    onChange: (value: unknown) => {
      if (config) {
        const picked = Array.isArray(value)
          ? (value as Option[]).map((option) => option.value)
          : (value as Option | null)?.value;
        config.set(str(doc.props, 'name') ?? '', picked);
      }
      call(handlerOf(doc.props, 'onChange'), plain(value));
    },
    onInputChange: (text: string) => {
      call(handlerOf(doc.props, 'onInputChange'), text);
    },
    onBlur: (event: FocusEvent) => {
      call(handlerOf(doc.props, 'onBlur'), serialiseEvent(event));
    },
    onFocus: (event: FocusEvent) => {
      call(handlerOf(doc.props, 'onFocus'), serialiseEvent(event));
    },
    menuPortalTarget: document.body,
  } as ComponentProps<typeof Select>;
  return <Select {...selectProps} />;
}

function RadioGroupNode({ doc }: { readonly doc: ForgeDoc }) {
  const call = useCall();
  const config = useConfigField(doc.props);
  const initial =
    (configValue(config, doc.props) as string | undefined) ??
    str(doc.props, 'defaultValue') ??
    null;
  const [value, setValue] = useFieldValue<string | null>(str(doc.props, 'value'), initial);
  const options = (Array.isArray(doc.props.options) ? doc.props.options : []) as ComponentProps<
    typeof RadioGroup
  >['options'];
  return (
    <RadioGroup
      {...pass<ComponentProps<typeof RadioGroup>>(doc.props, [
        'isRequired',
        'isDisabled',
        'isInvalid',
        'name',
        'testId',
        'aria-labelledby',
      ])}
      options={options}
      value={value}
      onChange={(event: ChangeEvent<HTMLInputElement>) => {
        setValue(event.target.value);
        config?.set(str(doc.props, 'name') ?? '', event.target.value);
        call(handlerOf(doc.props, 'onChange'), serialiseEvent(event));
      }}
    />
  );
}

function RadioNode({ doc }: { readonly doc: ForgeDoc }) {
  const call = useCall();
  return (
    <Radio
      {...pass<ComponentProps<typeof Radio>>(doc.props, [
        'label',
        'isChecked',
        'ariaLabel',
        'id',
        'isRequired',
        'isDisabled',
        'isInvalid',
        'value',
        'name',
        'testId',
      ])}
      onChange={(event: ChangeEvent<HTMLInputElement>) => {
        call(handlerOf(doc.props, 'onChange'), serialiseEvent(event));
      }}
    />
  );
}

function FormNode({ doc }: { readonly doc: ForgeDoc }) {
  const call = useCall();
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        call(handlerOf(doc.props, 'onSubmit'));
      }}
    >
      <Children doc={doc} />
    </form>
  );
}

function FormHeaderNode({ doc }: { readonly doc: ForgeDoc }) {
  return (
    <FormHeader title={str(doc.props, 'title')} description={propNode(doc.props.description)}>
      <Children doc={doc} />
    </FormHeader>
  );
}

function FormSectionNode({ doc }: { readonly doc: ForgeDoc }) {
  return (
    <FormSection title={str(doc.props, 'title')} description={propNode(doc.props.description)}>
      <Children doc={doc} />
    </FormSection>
  );
}

function FormFooterNode({ doc }: { readonly doc: ForgeDoc }) {
  return (
    <FormFooter {...pass<ComponentProps<typeof FormFooter>>(doc.props, ['align'])}>
      <Children doc={doc} />
    </FormFooter>
  );
}

function LabelNode({ doc }: { readonly doc: ForgeDoc }) {
  return (
    <Label
      htmlFor={str(doc.props, 'labelFor') ?? ''}
      id={str(doc.props, 'id')}
      testId={str(doc.props, 'testId')}
    >
      <Children doc={doc} />
    </Label>
  );
}

function MessageNode({ doc }: { readonly doc: ForgeDoc }) {
  const children = <Children doc={doc} />;
  const testId = str(doc.props, 'testId');
  if (doc.type === 'ErrorMessage') return <ErrorMessage testId={testId}>{children}</ErrorMessage>;
  if (doc.type === 'ValidMessage') return <ValidMessage testId={testId}>{children}</ValidMessage>;
  return <HelperMessage testId={testId}>{children}</HelperMessage>;
}

function useUser(accountId: string | undefined): PreviewUser | undefined | null {
  const services = useServices();
  const [user, setUser] = useState<PreviewUser | undefined | null>(null);
  useEffect(() => {
    let live = true;
    if (accountId === undefined) return;
    services
      .resolveUser(accountId)
      .then((found) => {
        if (live) setUser(found);
      })
      .catch(() => {
        if (live) setUser(undefined);
      });
    return () => {
      live = false;
    };
  }, [accountId, services]);
  return user;
}

function UserNode({ doc }: { readonly doc: ForgeDoc }) {
  const accountId = str(doc.props, 'accountId');
  const user = useUser(accountId);
  const name = user === null ? '…' : (user?.displayName ?? 'Unknown user');
  return (
    <span
      data-preview-user={accountId}
      style={{ display: 'inline-flex', alignItems: 'center', gap: 6, verticalAlign: 'middle' }}
    >
      <Avatar size="small" name={user?.displayName} />
      {bool(doc.props, 'hideDisplayName') === true ? null : <span>{name}</span>}
    </span>
  );
}

function UserGroupNode({ doc }: { readonly doc: ForgeDoc }) {
  return (
    <Inline space="space.100" shouldWrap>
      <Children doc={doc} />
    </Inline>
  );
}

interface UserOption {
  readonly label: string;
  readonly value: string;
  readonly user: PreviewUser;
}

function userPickerValue(user: PreviewUser) {
  // The value shape UI Kit's UserPicker hands to onChange (forge-react-types' UserPickerValue).
  return {
    id: user.accountId,
    name: user.displayName,
    email: user.email ?? '',
    avatarUrl: '',
    type: 'user',
  };
}

/** No @atlaskit/user-picker is installed: an async Atlaskit Select over the site's users. */
function UserPickerNode({ doc }: { readonly doc: ForgeDoc }) {
  const services = useServices();
  const call = useCall();
  const config = useConfigField(doc.props);
  const isMulti = bool(doc.props, 'isMulti') === true;
  const toOption = (user: PreviewUser): UserOption => ({
    label: user.displayName,
    value: user.accountId,
    user,
  });
  const [initial, setInitial] = useState<UserOption[] | null>(null);
  const defaultIds = useRef(configValue(config, doc.props) ?? doc.props.defaultValue);
  useEffect(() => {
    const raw = defaultIds.current;
    const ids = Array.isArray(raw)
      ? raw.filter((id): id is string => typeof id === 'string')
      : typeof raw === 'string'
        ? [raw]
        : [];
    Promise.all(ids.map((id) => services.resolveUser(id)))
      .then((users) => {
        setInitial(users.filter((user): user is PreviewUser => user !== undefined).map(toOption));
      })
      .catch(() => {
        setInitial([]);
      });
  }, [services]);
  const id = `user-picker-${doc.key ?? 'x'}`;
  const label = str(doc.props, 'label');
  const pickerProps = {
    inputId: id,
    isMulti,
    cacheOptions: true,
    defaultOptions: true,
    placeholder: str(doc.props, 'placeholder') ?? 'Search for a person',
    defaultValue: isMulti ? (initial ?? []) : (initial?.[0] ?? null),
    loadOptions: async (query: string) => (await services.searchUsers(query)).map(toOption),
    onChange: (value: unknown) => {
      const picked = (Array.isArray(value) ? value : value === null ? [] : [value]) as UserOption[];
      const values = picked.map((option) => userPickerValue(option.user));
      config?.set(str(doc.props, 'name') ?? '', isMulti ? values.map((v) => v.id) : values[0]?.id);
      call(handlerOf(doc.props, 'onChange'), isMulti ? values : (values[0] ?? null));
    },
    menuPortalTarget: document.body,
  } as unknown as ComponentProps<typeof AsyncSelect>;
  return (
    <div data-preview-user-picker={str(doc.props, 'name')}>
      {label === undefined ? null : (
        <Label htmlFor={id}>
          {label}
          {bool(doc.props, 'isRequired') === true ? <RequiredAsterisk /> : null}
        </Label>
      )}
      {initial === null ? <Spinner size="small" /> : <AsyncSelect {...pickerProps} />}
      {str(doc.props, 'description') === undefined ? null : (
        <HelperMessage>{str(doc.props, 'description')}</HelperMessage>
      )}
    </div>
  );
}

/** No @atlaskit/empty-state is installed: its layout rebuilt from Heading, Text and buttons. */
function EmptyStateNode({ doc }: { readonly doc: ForgeDoc }) {
  const actions = ['primaryAction', 'secondaryAction', 'tertiaryAction']
    .map((name) => doc.props[name])
    .filter((action) => action !== undefined && action !== null);
  const narrow = str(doc.props, 'width') === 'narrow';
  return (
    <div
      data-testid={str(doc.props, 'testId')}
      style={{ margin: '24px auto', maxWidth: narrow ? 304 : 464, textAlign: 'center' }}
    >
      <Stack space="space.200" alignInline="center">
        <Heading size="medium">{str(doc.props, 'header') ?? ''}</Heading>
        {doc.props.description === undefined ? null : (
          <Text as="p" color="color.text.subtle">
            {propNode(doc.props.description)}
          </Text>
        )}
        {actions.length === 0 ? null : (
          <Inline space="space.100">
            {actions.map((action, index) => (
              <PropContent key={index} value={action} />
            ))}
          </Inline>
        )}
        {bool(doc.props, 'isLoading') === true ? <Spinner size="medium" /> : null}
      </Stack>
    </div>
  );
}

function ModalNode({ doc }: { readonly doc: ForgeDoc }) {
  const services = useServices();
  const call = useCall();
  useEffect(() => {
    services.onModalChange?.(true);
    return () => {
      services.onModalChange?.(false);
    };
  }, [services]);
  return (
    <ModalDialog
      {...pass<ComponentProps<typeof ModalDialog>>(doc.props, [
        'autoFocus',
        'shouldScrollInViewport',
        'label',
        'testId',
        'width',
        'height',
      ])}
      onClose={() => {
        call(handlerOf(doc.props, 'onClose'));
      }}
    >
      <Children doc={doc} />
    </ModalDialog>
  );
}

function ModalPartNode({ doc }: { readonly doc: ForgeDoc }) {
  const children = <Children doc={doc} />;
  switch (doc.type) {
    case 'ModalHeader':
      return <ModalHeader>{children}</ModalHeader>;
    case 'ModalTitle':
      return (
        <ModalTitle appearance={str(doc.props, 'appearance') as 'danger' | 'warning' | undefined}>
          {children}
        </ModalTitle>
      );
    case 'ModalBody':
      return <ModalBody>{children}</ModalBody>;
    default:
      return <ModalFooter>{children}</ModalFooter>;
  }
}

function TooltipNode({ doc }: { readonly doc: ForgeDoc }) {
  const content = doc.props.content;
  return (
    <Tooltip
      content={
        typeof content === 'string'
          ? content
          : textOf({ type: 'Fragment', props: {}, children: toForgeDocs(content) })
      }
      {...pass<ComponentProps<typeof Tooltip>>(doc.props, [
        'position',
        'truncate',
        'testId',
        'delay',
      ])}
    >
      <span>
        <Children doc={doc} />
      </span>
    </Tooltip>
  );
}

function PressableNode({ doc }: { readonly doc: ForgeDoc }) {
  const call = useCall();
  return (
    <Pressable
      isDisabled={bool(doc.props, 'isDisabled')}
      testId={str(doc.props, 'testId')}
      onClick={(event: SyntheticEvent) => {
        call(handlerOf(doc.props, 'onClick'), serialiseEvent(event));
      }}
    >
      <Children doc={doc} />
    </Pressable>
  );
}

function CodeNode({ doc }: { readonly doc: ForgeDoc }) {
  const style: CSSProperties = {
    fontFamily: token('font.family.code'),
    background: token('color.background.neutral'),
    borderRadius: 3,
    padding: doc.type === 'CodeBlock' ? 8 : '0 4px',
  };
  if (doc.type === 'CodeBlock') {
    const text = str(doc.props, 'text') ?? textOf(doc);
    return (
      // Inline-size containment: long lines scroll inside the block instead of widening the
      // SectionMessage or Stack around it (flex items otherwise grow to their longest line).
      <div style={{ contain: 'inline-size', width: '100%' }}>
        <pre style={{ ...style, overflowX: 'auto', margin: 0 }}>{text}</pre>
        <CodeBlockDownload text={text} language={str(doc.props, 'language')} />
      </div>
    );
  }
  return (
    <code style={style}>
      <Children doc={doc} />
    </code>
  );
}

const MEDIA_TYPES: Readonly<Record<string, string>> = {
  csv: 'text/csv',
  tsv: 'text/tab-separated-values',
  json: 'application/json',
  xml: 'application/xml',
  html: 'text/html',
  htm: 'text/html',
};

/**
 * Not part of UI Kit: in the product, a CodeBlock is text to copy. The preview also offers it as
 * a file, so an app that shows an export this way (no download URL) can be checked end to end;
 * the name comes from the enclosing SectionMessage's title when it names a file.
 */
function CodeBlockDownload({
  text,
  language,
}: {
  readonly text: string;
  readonly language: string | undefined;
}) {
  const hinted = useContext(FileNameContext);
  const fileName =
    hinted ??
    `code-block.${language !== undefined && Object.hasOwn(MEDIA_TYPES, language) ? language : 'txt'}`;
  const extension = fileName.slice(fileName.lastIndexOf('.') + 1).toLowerCase();
  const href = useMemo(
    () =>
      URL.createObjectURL(
        new Blob([text], { type: `${MEDIA_TYPES[extension] ?? 'text/plain'};charset=utf-8` }),
      ),
    [text, extension],
  );
  useEffect(
    () => () => {
      URL.revokeObjectURL(href);
    },
    [href],
  );
  return (
    <div
      data-preview-download={fileName}
      style={{
        display: 'flex',
        flexWrap: 'wrap',
        gap: 8,
        alignItems: 'baseline',
        margin: '4px 0',
        padding: '2px 8px',
        border: `1px dashed ${token('color.border.discovery')}`,
        borderRadius: 3,
        font: token('font.body.small'),
        color: token('color.text.subtle'),
      }}
    >
      <a href={href} download={fileName} style={{ color: token('color.link') }}>
        {`Download ${fileName}`}
      </a>
      <span>local preview only: in Confluence this block is text to copy</span>
    </div>
  );
}

/** A byte count as the product's file card shows it. */
function fileSizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** A Blob from the app's realm or the host's: the frame and the app may not share constructors. */
function isBlobLike(value: unknown): value is Blob {
  if (value instanceof Blob) return true;
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Blob>;
  return (
    typeof candidate.size === 'number' &&
    typeof candidate.type === 'string' &&
    typeof candidate.arrayBuffer === 'function'
  );
}

/** Saves a Blob as a browser download, the way the product's FileCard does with `onDownload`'s answer. */
function saveBlob(blob: Blob, fileName: string): void {
  const href = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = href;
  anchor.download = fileName;
  anchor.style.display = 'none';
  document.body.appendChild(anchor);
  anchor.click();
  anchor.remove();
  // The click has handed the URL to the download already; a later revoke keeps slow hosts safe.
  setTimeout(() => {
    URL.revokeObjectURL(href);
  }, 10_000);
}

/**
 * UI Kit's FileCard: name, size and type, with download (and delete) actions. `onDownload` may
 * answer a Blob (or a promise of one): the host then saves it under `fileName`; an answer without
 * a Blob means the app handled the download itself.
 */
function FileCardNode({ doc }: { readonly doc: ForgeDoc }) {
  const services = useServices();
  const [busy, setBusy] = useState(false);
  const fileName = str(doc.props, 'fileName') ?? 'file';
  const size = num(doc.props, 'fileSize');
  const type = str(doc.props, 'fileType');
  const error = str(doc.props, 'error');
  const uploading = bool(doc.props, 'isUploading') === true;
  const progress = num(doc.props, 'uploadProgress');
  const onDownload = handlerOf(doc.props, 'onDownload');
  const onDelete = handlerOf(doc.props, 'onDelete');
  const call = useCall();
  const fail = (problem: unknown) => {
    services.reportError(
      `The app's FileCard onDownload failed: ${problem instanceof Error ? problem.message : String(problem)}`,
      problem instanceof Error ? problem.stack : undefined,
    );
  };
  const download = () => {
    if (!onDownload || busy) return;
    setBusy(true);
    let answer: unknown;
    try {
      answer = onDownload();
    } catch (problem) {
      setBusy(false);
      fail(problem);
      return;
    }
    Promise.resolve(answer)
      .then((blob) => {
        if (isBlobLike(blob)) saveBlob(blob, fileName);
      })
      .catch(fail)
      .finally(() => {
        setBusy(false);
      });
  };
  return (
    <div
      data-preview-file-card={fileName}
      data-testid={str(doc.props, 'testId')}
      style={{
        display: 'flex',
        flexWrap: 'wrap',
        gap: 12,
        alignItems: 'center',
        padding: '8px 12px',
        border: `1px solid ${error === undefined ? token('color.border') : token('color.border.danger')}`,
        borderRadius: 4,
        background: token('color.background.input'),
        maxWidth: 480,
      }}
    >
      <Stack space="space.025">
        <Text weight="medium">{fileName}</Text>
        <Text size="small" color="color.text.subtlest">
          {[size === undefined ? undefined : fileSizeText(size), type]
            .filter((part) => part !== undefined)
            .join(' · ')}
        </Text>
        {error === undefined ? null : (
          <Text size="small" color="color.text.danger">
            {error}
          </Text>
        )}
        {uploading ? (
          <ProgressBar value={progress ?? 0} ariaLabel={`Uploading ${fileName}`} />
        ) : null}
      </Stack>
      <Inline space="space.050">
        {onDownload ? (
          <Button isDisabled={busy || uploading} onClick={download}>
            {`Download ${fileName}`}
          </Button>
        ) : null}
        {onDelete ? (
          <Button
            appearance="subtle"
            onClick={() => {
              call(onDelete);
            }}
          >
            {`Delete ${fileName}`}
          </Button>
        ) : null}
      </Inline>
    </div>
  );
}

function ListNode({ doc }: { readonly doc: ForgeDoc }) {
  const children = <Children doc={doc} />;
  return str(doc.props, 'type') === 'ordered' ? <ol>{children}</ol> : <ul>{children}</ul>;
}

function ImageNode({ doc }: { readonly doc: ForgeDoc }) {
  return (
    <img
      src={str(doc.props, 'src')}
      alt={str(doc.props, 'alt') ?? ''}
      width={doc.props.width as number | undefined}
      height={doc.props.height as number | undefined}
    />
  );
}

/** Icon glyphs are not bundled: a neutral dot keeps the layout and names the icon. */
function IconNode({ doc }: { readonly doc: ForgeDoc }) {
  return (
    <span
      role="img"
      aria-label={str(doc.props, 'label') ?? str(doc.props, 'glyph') ?? 'icon'}
      title={str(doc.props, 'glyph')}
      style={{
        display: 'inline-block',
        width: 12,
        height: 12,
        borderRadius: '50%',
        background: token('color.icon.subtle'),
        verticalAlign: 'middle',
      }}
    />
  );
}

// Charts: no Atlaskit chart package is installed, so bars and donuts are drawn plainly.

const CHART_COLORS = [
  '#1D7AFC',
  '#22A06B',
  '#E2B203',
  '#C9372C',
  '#8270DB',
  '#2898BD',
  '#E56910',
  '#626F86',
];

function label(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

function accessor(datum: unknown, key: unknown): unknown {
  if (typeof key !== 'number' && typeof key !== 'string') return undefined;
  if (Array.isArray(datum)) return datum[Number(key)];
  return typeof datum === 'object' && datum !== null
    ? (datum as Record<string, unknown>)[key]
    : undefined;
}

function ChartFrame({ doc, children }: { readonly doc: ForgeDoc; readonly children: ReactNode }) {
  return (
    <figure
      data-preview-chart={doc.type}
      style={{ margin: 0, width: num(doc.props, 'width') ?? '100%' }}
    >
      <Stack space="space.100">
        {str(doc.props, 'title') === undefined ? null : (
          <Heading size="xsmall">{str(doc.props, 'title')}</Heading>
        )}
        {str(doc.props, 'subtitle') === undefined ? null : (
          <Text size="small" color="color.text.subtlest">
            {str(doc.props, 'subtitle')}
          </Text>
        )}
        {children}
      </Stack>
    </figure>
  );
}

function BarChartNode({ doc }: { readonly doc: ForgeDoc }) {
  const data = Array.isArray(doc.props.data) ? (doc.props.data as unknown[]) : [];
  const xKey = doc.props.xAccessor;
  const yKey = doc.props.yAccessor;
  const horizontal = doc.type.startsWith('Horizontal');
  // Horizontal charts put the category on y and the value on x.
  const [labelKey, valueKey] = horizontal ? [yKey, xKey] : [xKey, yKey];
  const bars = data.map((datum) => ({
    label: label(accessor(datum, labelKey)),
    value: Number(accessor(datum, valueKey) ?? 0),
    color: label(accessor(datum, doc.props.colorAccessor)),
  }));
  const max = Math.max(1, ...bars.map((bar) => bar.value));
  const colors = new Map<string, string>();
  return (
    <ChartFrame doc={doc}>
      <div
        role="img"
        aria-label={str(doc.props, 'title') ?? 'bar chart'}
        style={{ display: 'grid', gap: 4 }}
      >
        {bars.map((bar, index) => {
          if (!colors.has(bar.color))
            colors.set(bar.color, CHART_COLORS[colors.size % CHART_COLORS.length] ?? '#1D7AFC');
          return (
            <div
              key={index}
              data-preview-bar={bar.label}
              data-preview-series={bar.color === '' ? undefined : bar.color}
              style={{
                display: 'grid',
                gridTemplateColumns: '30% 1fr 3em',
                gap: 8,
                alignItems: 'center',
                font: token('font.body.small'),
              }}
            >
              <span style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
                {bar.label}
              </span>
              <span
                style={{
                  background: token('color.background.neutral'),
                  borderRadius: 2,
                  height: 12,
                }}
              >
                <span
                  style={{
                    display: 'block',
                    height: 12,
                    borderRadius: 2,
                    width: `${(100 * Math.max(0, bar.value)) / max}%`,
                    background: colors.get(bar.color),
                  }}
                />
              </span>
              <span style={{ textAlign: 'right' }}>{bar.value}</span>
            </div>
          );
        })}
      </div>
      {/* The series (colorAccessor) as a legend, as the product's charts show one. */}
      {colors.size === 0 || (colors.size === 1 && colors.has('')) ? null : (
        <ul
          aria-label="Legend"
          style={{ display: 'flex', flexWrap: 'wrap', gap: 12, margin: 0, padding: 0 }}
        >
          {[...colors].map(([series, color]) => (
            <li
              key={series}
              style={{ listStyle: 'none', display: 'inline-flex', gap: 4, alignItems: 'center' }}
            >
              <span style={{ width: 10, height: 10, borderRadius: 2, background: color }} />
              <span style={{ font: token('font.body.small') }}>{series}</span>
            </li>
          ))}
        </ul>
      )}
    </ChartFrame>
  );
}

function DonutChartNode({ doc }: { readonly doc: ForgeDoc }) {
  const data = Array.isArray(doc.props.data) ? (doc.props.data as unknown[]) : [];
  const slices = data.map((datum, index) => ({
    label: label(
      accessor(datum, doc.props.labelAccessor) ?? accessor(datum, doc.props.colorAccessor),
    ),
    value: Math.max(0, Number(accessor(datum, doc.props.valueAccessor) ?? 0)),
    color: CHART_COLORS[index % CHART_COLORS.length] ?? '#1D7AFC',
  }));
  const total = slices.reduce((sum, slice) => sum + slice.value, 0) || 1;
  const radius = 15.9155; // circumference 100, so dash lengths are percentages
  const donut = doc.type === 'DonutChart';
  let offset = 0;
  return (
    <ChartFrame doc={doc}>
      <Inline space="space.300" alignBlock="center">
        <svg
          viewBox="0 0 42 42"
          width={140}
          height={140}
          role="img"
          aria-label={str(doc.props, 'title') ?? 'chart'}
        >
          {slices.map((slice, index) => {
            const share = (100 * slice.value) / total;
            const circle = (
              <circle
                key={index}
                cx="21"
                cy="21"
                r={radius}
                fill="transparent"
                stroke={slice.color}
                strokeWidth={donut ? 6 : 31.8}
                strokeDasharray={`${share} ${100 - share}`}
                strokeDashoffset={25 - offset}
              />
            );
            offset += share;
            return circle;
          })}
        </svg>
        <Stack space="space.050">
          {slices.map((slice, index) => (
            <Inline key={index} space="space.100" alignBlock="center">
              <span
                style={{
                  width: 10,
                  height: 10,
                  borderRadius: 2,
                  background: slice.color,
                  display: 'inline-block',
                }}
              />
              <Text size="small">
                {slice.label}: {slice.value}
              </Text>
            </Inline>
          ))}
        </Stack>
      </Inline>
    </ChartFrame>
  );
}

function Passthrough({ doc }: { readonly doc: ForgeDoc }) {
  return <Children doc={doc} />;
}

function MacroConfigNode({ doc }: { readonly doc: ForgeDoc }) {
  return (
    <Stack space="space.200">
      <Children doc={doc} />
    </Stack>
  );
}

const RENDERERS: Readonly<Record<string, Renderer>> = {
  Root: Passthrough,
  MacroConfig: MacroConfigNode,
  ContentWrapper: Passthrough,
  ModalTransition: Passthrough,
  String: StringNode,
  Text: TextNode,
  Strong: ({ doc }) => (
    <strong>
      <Children doc={doc} />
    </strong>
  ),
  Em: ({ doc }) => (
    <em>
      <Children doc={doc} />
    </em>
  ),
  Strike: ({ doc }) => (
    <s>
      <Children doc={doc} />
    </s>
  ),
  Heading: HeadingNode,
  Lozenge: LozengeNode,
  Badge: BadgeNode,
  SectionMessage: SectionMessageNode,
  SectionMessageAction: SectionMessageActionNode,
  Spinner: SpinnerNode,
  Stack: StackNode,
  Inline: InlineNode,
  Flex: FlexNode,
  Grid: GridNode,
  Box: BoxNode,
  Button: ButtonNode,
  LoadingButton: ButtonNode,
  LinkButton: ButtonNode,
  ButtonGroup: ButtonGroupNode,
  Link: LinkNode,
  Tabs: TabsNode,
  DynamicTable: DynamicTableNode,
  ProgressBar: ProgressBarNode,
  Tag: TagNode,
  TagGroup: TagGroupNode,
  Textfield: TextInputNode,
  TextArea: TextInputNode,
  DatePicker: DatePickerNode,
  Checkbox: CheckboxNode,
  CheckboxGroup: CheckboxGroupNode,
  Toggle: ToggleNode,
  Select: SelectNode,
  RadioGroup: RadioGroupNode,
  Radio: RadioNode,
  Form: FormNode,
  FormHeader: FormHeaderNode,
  FormSection: FormSectionNode,
  FormFooter: FormFooterNode,
  Label: LabelNode,
  HelperMessage: MessageNode,
  ErrorMessage: MessageNode,
  ValidMessage: MessageNode,
  RequiredAsterisk: () => <RequiredAsterisk />,
  User: UserNode,
  UserGroup: UserGroupNode,
  UserPicker: UserPickerNode,
  EmptyState: EmptyStateNode,
  Modal: ModalNode,
  ModalHeader: ModalPartNode,
  ModalTitle: ModalPartNode,
  ModalBody: ModalPartNode,
  ModalFooter: ModalPartNode,
  Tooltip: TooltipNode,
  Pressable: PressableNode,
  Code: CodeNode,
  CodeBlock: CodeNode,
  FileCard: FileCardNode,
  List: ListNode,
  ListItem: ({ doc }) => (
    <li>
      <Children doc={doc} />
    </li>
  ),
  Image: ImageNode,
  Icon: IconNode,
  BarChart: BarChartNode,
  HorizontalBarChart: BarChartNode,
  StackBarChart: BarChartNode,
  HorizontalStackBarChart: BarChartNode,
  LineChart: BarChartNode,
  DonutChart: DonutChartNode,
  PieChart: DonutChartNode,
};

/** The component types this host renders; anything else shows the unsupported-component box. */
export const SUPPORTED_TYPES: readonly string[] = Object.keys(RENDERERS);
