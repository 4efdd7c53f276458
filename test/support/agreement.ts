/**
 * How an engine answer is compared with what the simulator enforces. "Could not be checked" (a
 * team on the way, an archived page's inherited restriction, a list the reader cannot see) is the
 * honest answer where the app cannot know: it agrees with either enforcement, and the suites
 * count such answers so that they stay the exception.
 */
export interface AnswerLike {
  readonly allowed: boolean;
  readonly verdict?: 'allowed' | 'denied' | 'unchecked';
}

export function agreesWith(answer: AnswerLike, enforced: boolean): boolean {
  if (answer.verdict === 'unchecked') return !answer.allowed;
  return answer.allowed === enforced;
}

export function isUnchecked(answer: AnswerLike): boolean {
  return answer.verdict === 'unchecked';
}

/** Content the macro can sit on, and the v2 path that reads it. */
export function contentPath(content: { readonly id: string; readonly type: string }): string {
  return content.type === 'blogpost'
    ? `/wiki/api/v2/blogposts/${content.id}`
    : `/wiki/api/v2/pages/${content.id}`;
}

/**
 * The simulator's own "update" enforcement, asked as the subject about themself (Confluence lets
 * only Confluence admins check someone else, and they do not see restricted pages either). A
 * page the subject cannot see answers 404: they cannot edit it.
 */
export async function simCanEdit(
  baseUrl: string,
  contentId: string,
  subject: { readonly type: 'user'; readonly identifier: string },
): Promise<boolean> {
  const res = await fetch(`${baseUrl}/wiki/rest/api/content/${contentId}/permission/check`, {
    method: 'POST',
    headers: {
      'X-Sim-Identity':
        subject.identifier === 'anonymous' ? 'anonymous' : `user:${subject.identifier}`,
      'Content-Type': 'application/json',
    },
    body: JSON.stringify({ subject, operation: 'update' }),
  });
  if (res.status === 404 || res.status === 403) {
    await res.text();
    return false;
  }
  if (res.status !== 200) throw new Error(`permission/check answered ${String(res.status)}`);
  return ((await res.json()) as { hasPermission: boolean }).hasPermission;
}
