/**
 * The engine with its English attached: the engine answers data only, and these wrappers render
 * that data through the same catalogue renderers the macro and the CLI use (src/messages/access),
 * so the engine tests pin the words people read as well as the data behind them.
 */
import * as core from '../../src/core';
import type {
  AccessInput,
  Audience,
  AudienceFormula,
  AudienceTerm,
  Decision,
  Layer,
  LabelExposure,
  Principal,
  Subject,
} from '../../src/core';
import {
  audienceSummary,
  decisionReasons,
  formulaText,
  labelExposureText,
  othersSummary,
  principalName as principalNameIn,
  termLabel,
} from '../../src/messages/access';
import { messagesFor } from '../../src/messages/locale-file';

export const en = messagesFor('en-US');

export type RenderedLayer = Layer & { readonly message: string };
export interface RenderedDecision extends Omit<Decision, 'reasons'> {
  readonly reasons: readonly RenderedLayer[];
}

export function evaluateAccess(
  input: AccessInput,
  subject: Subject,
): { view: RenderedDecision; edit: RenderedDecision } {
  const decision = core.evaluateAccess(input, subject);
  const context = {
    subject: core.subjectRef(subject),
    space: input.space,
    contentType: input.page.type,
  };
  const render = (d: Decision): RenderedDecision => {
    const messages = decisionReasons(en, d, context);
    return {
      ...d,
      reasons: d.reasons.map((layer, i) => ({ ...layer, message: messages[i] ?? '' })),
    };
  };
  return { view: render(decision.view), edit: render(decision.edit) };
}

type RenderedTerm = AudienceTerm & { readonly label: string };
type RenderedFormula = AudienceFormula & {
  readonly terms: readonly RenderedTerm[];
  readonly formula: string;
};
export type RenderedAudience = Omit<Audience, 'view' | 'edit'> & {
  readonly view: RenderedFormula;
  readonly edit: RenderedFormula;
  readonly summary: string;
  readonly othersSummary: string;
};

export function describeAudience(input: AccessInput): RenderedAudience {
  const audience = core.describeAudience(input);
  const formula = (action: 'view' | 'edit', f: AudienceFormula): RenderedFormula => ({
    terms: f.terms.map((term) => ({ ...term, label: termLabel(en, term, audience) })),
    formula: formulaText(en, action, f, audience),
  });
  return {
    ...audience,
    view: formula('view', audience.view),
    edit: formula('edit', audience.edit),
    summary: audienceSummary(en, audience),
    othersSummary: othersSummary(en, audience),
  };
}

export function labelExposure(
  ...args: Parameters<typeof core.labelExposure>
): LabelExposure & { readonly message: string } {
  const exposure = core.labelExposure(...args);
  return { ...exposure, message: labelExposureText(en, exposure) };
}

export function principalName(principal: Principal): string {
  return principalNameIn(en, principal);
}
