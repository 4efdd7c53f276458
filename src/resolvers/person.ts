/**
 * The admin page's "what can this person see?" (contract: src/contract/person.ts). The answer is
 * read as the app by a queue job (src/jobs/person-job.ts), so every function is for Confluence
 * admins only, decided by the same `adminOnly` as the audit's functions (admin-check.ts).
 */
import type Resolver from '@forge/resolver';
import { z } from 'zod';
import type {
  PersonAnswerView,
  PersonCheckProgress,
  PersonCheckView,
  PersonExport,
} from '../contract/person';
import { ANSWER_LIST_LIMIT } from '../contract/person';
import { forgePersonJob } from '../jobs/person-forge';
import { PERSON_CACHE_TTL_MS } from '../jobs/person-job';
import type { PersonJob } from '../jobs/person-job';
import type { PersonReachAnswer } from '../app/person-reach';
import { englishMessages } from '../messages/english';
import { personCsv, personJson } from '../messages/person-reach';
import type { PersonRecord } from '../storage/person-reach';
import { readPersonRecord } from '../storage/person-reach';
import { adminOnly } from './admin-check';
import { ResolverFailure, defineFunction } from './define';
import { accountIdSchema } from './ids';

/** Resolver answers are capped at 5 MB; leave room for the JSON around the file. */
const MAX_EXPORT_CHARS = 4_500_000;

export function registerPersonFeature(resolver: Resolver): void {
  defineFunction(
    resolver,
    'getPersonCheck',
    adminOnly({
      payload: z.strictObject({ accountId: accountIdSchema }),
      async handle({ payload }): Promise<PersonCheckView> {
        const job = forgePersonJob();
        const record = await readPersonRecord(payload.accountId);
        // Looking is what notices a check whose next step the platform lost.
        return checkView(
          job,
          payload.accountId,
          record === undefined ? undefined : await job.resume(record),
        );
      },
    }),
  );

  defineFunction(
    resolver,
    'startPersonCheck',
    adminOnly({
      payload: z.strictObject({ accountId: accountIdSchema, refresh: z.boolean().optional() }),
      async handle({ payload, caller }): Promise<PersonCheckView> {
        const job = forgePersonJob();
        const stored = await readPersonRecord(payload.accountId);
        if (payload.refresh !== true && stored !== undefined && isFresh(stored, job)) {
          return { ...(await checkView(job, payload.accountId, stored)), fromCache: true };
        }
        const outcome = await job.start(payload.accountId, caller.accountId);
        // Not started: a check of this person runs already, and that one is the answer.
        return checkView(job, payload.accountId, outcome.record);
      },
    }),
  );

  defineFunction(
    resolver,
    'exportPersonReach',
    adminOnly({
      payload: z.strictObject({ accountId: accountIdSchema, format: z.enum(['csv', 'json']) }),
      async handle({ payload }): Promise<PersonExport> {
        const job = forgePersonJob();
        const record = await readPersonRecord(payload.accountId);
        const answer = record === undefined ? undefined : await job.answer(record);
        if (record === undefined || answer === undefined) return { ready: false };
        const day = (record.finishedAt ?? record.startedAt).slice(0, 10);
        // The CLI's own formatters, in English as the CLI prints them: the same bytes.
        const text =
          payload.format === 'csv'
            ? personCsv(englishMessages, answer.reach)
            : `${JSON.stringify(personJson(answer.subject, answer.reach), null, 2)}\n`;
        if (text.length > MAX_EXPORT_CHARS) {
          throw new ResolverFailure('BAD_REQUEST', 'export-too-large', {
            rows: answer.reach.pages.length + answer.reach.footprint.length,
          });
        }
        return {
          ready: true,
          fileName: `access-lens-person-${safeFilePart(payload.accountId)}-${day}.${payload.format}`,
          mimeType: payload.format === 'csv' ? 'text/csv' : 'application/json',
          text,
        };
      },
    }),
  );
}

function isFresh(record: PersonRecord, job: PersonJob): boolean {
  if (record.state !== 'completed' || record.finishedAt === undefined) return false;
  return job.clock.now() - Date.parse(record.finishedAt) < PERSON_CACHE_TTL_MS;
}

async function checkView(
  job: PersonJob,
  accountId: string,
  record: PersonRecord | undefined,
): Promise<PersonCheckView> {
  const asOf = new Date(job.clock.now()).toISOString();
  if (record === undefined) return { accountId, check: null, fresh: false, asOf };
  const answer = await job.answer(record);
  return {
    accountId,
    check: progressOf(record),
    ...(answer === undefined ? {} : { answer: answerView(answer) }),
    fresh: answer !== undefined && isFresh(record, job),
    asOf,
  };
}

function progressOf(record: PersonRecord): PersonCheckProgress {
  return {
    jobId: record.jobId,
    state: record.state,
    startedAt: record.startedAt,
    ...(record.finishedAt === undefined ? {} : { finishedAt: record.finishedAt }),
    spacesDone: record.spacesDone,
    ...(record.spacesTotal === undefined ? {} : { spacesTotal: record.spacesTotal }),
    requests: record.requests,
    points: record.points,
    steps: record.steps,
  };
}

/** The CLI's JSON, its long lists cut for the view (the export holds them all). */
function answerView({ subject, reach }: PersonReachAnswer): PersonAnswerView {
  const json = personJson(subject, reach);
  const person = json.subject;
  return {
    subject:
      'accountId' in person
        ? person
        : {
            accountId: subject.kind === 'user' ? subject.accountId : '',
            isGuest: false,
            groups: [],
          },
    spaces: json.spaces.slice(0, ANSWER_LIST_LIMIT),
    pages: json.pages.slice(0, ANSWER_LIST_LIMIT),
    footprint: json.footprint.slice(0, ANSWER_LIST_LIMIT),
    coverage: json.coverage,
    pagesTotal: json.pages.length,
    footprintTotal: json.footprint.length,
  };
}

const safeFilePart = (value: string) => value.replace(/[^A-Za-z0-9_-]/gu, '_');

// ── the admin check, as admin.ts asks it ─────────────────────────────────────────────────────
