/**
 * A refusal is worded from the catalogue in the language the view runs in (the invocation
 * context's `locale`), English when it names none or one the app does not have.
 */
import { useApp } from './app-harness';

describe('resolver refusals speak the viewer language', () => {
  const app = useApp();
  const admin = (locale?: string) =>
    app().call(
      { accountId: 'u-bob' },
      'getAuditStatus',
      {},
      {
        moduleKey: 'access-lens-settings',
        ...(locale === undefined ? {} : { locale }),
      },
    );

  it('in English by default', async () => {
    expect(await admin()).toEqual({
      ok: false,
      error: {
        code: 'FORBIDDEN',
        message: 'Confluence admins only: this needs Confluence administrator permission.',
      },
    });
  });

  it('in German for a German viewer, by locale or by language alone', async () => {
    const german = {
      ok: false,
      error: {
        code: 'FORBIDDEN',
        message:
          'Nur für Confluence-Administratoren: Dafür ist die Administratorberechtigung für Confluence nötig.',
      },
    };
    expect(await admin('de-DE')).toEqual(german);
    expect(await admin('de_DE')).toEqual(german);
    expect(await admin('de')).toEqual(german);
  });

  it('in English for a language the app does not have', async () => {
    const answer = (await admin('ja-JP')) as { error: { message: string } };
    expect(answer.error.message).toMatch(/^Confluence admins only/);
  });

  it('a bad payload in German names the fault in the request', async () => {
    const answer = (await app().call(
      { accountId: 'u-bob' },
      'getPageAccess',
      { refresh: 'yes' },
      {
        moduleKey: 'access-lens-macro',
        contentId: '1013',
        locale: 'de-DE',
      },
    )) as { ok: boolean; error: { code: string; message: string } };
    expect(answer.error.code).toBe('BAD_REQUEST');
    expect(answer.error.message).toMatch(/^Die Anfrage ist ungültig: .*refresh/s);
  });
});
