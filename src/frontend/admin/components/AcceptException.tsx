import {
  Button,
  DatePicker,
  ErrorMessage,
  Form,
  FormFooter,
  FormSection,
  Heading,
  HelperMessage,
  Inline,
  Label,
  Stack,
  TextArea,
  UserPicker,
} from '@forge/react';
import { useState } from 'react';
import type { ExceptionView, ExceptionsView, Finding } from '../../../contract/admin';
import type { ResolverError } from '../../../contract/results';
import { exceptionProblems } from '../../../core/audit/exceptions';
import { findingPrincipal, ruleTitle } from '../../../messages/audit';
import type { Messages } from '../../../messages/format';
import { callResolver } from '../../shared/call';
import { ErrorState } from '../../shared/ErrorState';
import { useMessages } from '../../shared/messages';

/** What the form refuses, as message keys: the core's problems, and an owner not yet chosen. */
function formProblems(
  draft: { findingId: string; reason: string; expiresOn: string; owner?: string },
  now: number,
): string[] {
  return [
    ...exceptionProblems(draft, now),
    ...(draft.owner === undefined ? ['owner-missing'] : []),
  ].map((problem) => `admin.exceptions.problem.${problem}`);
}

/** "Guest access · ENG · Dan Guest": which finding the form is about. */
export function findingLabel(m: Messages, finding: Finding): string {
  return [
    ruleTitle(m, finding.rule),
    finding.spaceKey,
    finding.title ?? findingPrincipal(m, finding),
  ]
    .filter((part): part is string => part !== undefined && part !== '')
    .join(' · ');
}

/**
 * Accepting a finding as an exception: a reason, an owner (UserPicker) and an expiry
 * (DatePicker, the default 90 days, at most a year). Every problem shows at once, checked by the
 * same rules the resolver applies; nothing is sent until there are none.
 */
export function AcceptException({
  finding,
  limits,
  onDone,
  onCancel,
}: {
  readonly finding: Finding;
  readonly limits: Pick<ExceptionsView, 'defaultExpiry' | 'latestExpiry' | 'asOf'>;
  readonly onDone: (accepted: ExceptionView) => void;
  readonly onCancel: () => void;
}) {
  const m = useMessages();
  const [reason, setReason] = useState('');
  const [owner, setOwner] = useState<string | undefined>(undefined);
  const [expiresOn, setExpiresOn] = useState(limits.defaultExpiry);
  const [shown, setShown] = useState<readonly string[]>([]);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<ResolverError | undefined>(undefined);
  const today = limits.asOf.slice(0, 10);
  const submit = () => {
    const problems = formProblems(
      { findingId: finding.id, reason, expiresOn, ...(owner === undefined ? {} : { owner }) },
      Date.parse(limits.asOf),
    );
    setShown(problems);
    if (problems.length > 0 || owner === undefined) return;
    setSaving(true);
    setError(undefined);
    void callResolver<ExceptionView>('acceptException', {
      findingId: finding.id,
      reason,
      ownerAccountId: owner,
      expiresOn,
    }).then(
      (result) => {
        setSaving(false);
        if (result.ok) onDone(result.data);
        else setError(result.error);
      },
      (failure: unknown) => {
        setSaving(false);
        setError({ code: 'UPSTREAM', message: String(failure) });
      },
    );
  };
  return (
    <Stack space="space.100">
      <Heading size="small">
        {m.text('admin.exceptions.form.title', { finding: findingLabel(m, finding) })}
      </Heading>
      {error !== undefined && <ErrorState error={error} about="audit" />}
      <Form onSubmit={submit}>
        <FormSection>
          <Label labelFor="exception-reason">{m.text('admin.exceptions.form.reason')}</Label>
          {/* The form opens below the table: focus follows, so a keyboard user types straight on. */}
          <TextArea
            id="exception-reason"
            name="reason"
            autoFocus
            value={reason}
            isDisabled={saving}
            onChange={(event: { target: { value?: unknown } }) => {
              setReason(typeof event.target.value === 'string' ? event.target.value : '');
            }}
          />
          <UserPicker
            name="owner"
            label={m.text('admin.exceptions.form.owner')}
            isRequired
            onChange={(user) => {
              setOwner(user.id === '' ? undefined : user.id);
            }}
          />
          <Label labelFor="exception-expiry">{m.text('admin.exceptions.form.expiry')}</Label>
          <DatePicker
            id="exception-expiry"
            name="expiresOn"
            value={expiresOn}
            minDate={today}
            maxDate={limits.latestExpiry}
            isDisabled={saving}
            onChange={(value: string) => {
              setExpiresOn(value);
            }}
          />
          <HelperMessage>{m.text('admin.exceptions.form.expiryHelp')}</HelperMessage>
          {shown.map((key) => (
            <ErrorMessage key={key}>{m.text(key)}</ErrorMessage>
          ))}
        </FormSection>
        <FormFooter>
          <Inline space="space.100">
            <Button appearance="subtle" onClick={onCancel} isDisabled={saving}>
              {m.text('admin.exceptions.form.cancel')}
            </Button>
            <Button appearance="primary" type="submit" isDisabled={saving}>
              {m.text('admin.exceptions.form.submit')}
            </Button>
          </Inline>
        </FormFooter>
      </Form>
    </Stack>
  );
}
