import { useEffect, useState } from 'react';
import { ButtonLink, Heading2, Paragraph, UnorderedList, UnorderedListItem } from '@utrecht/component-library-react';
import type { Api } from '../api/client';
import type { Provider } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { ErrorAlert } from '../ui/ErrorAlert';
import { PageTitle } from '../ui/PageTitle';
import { ApiError } from '../api/client';

/** SignIn lists the configured identity providers; each starts the OpenID Connect sign-in. */
export function SignIn({ api, returnTo, expired }: { api: Api; returnTo: string; expired: boolean }) {
  const { t } = useI18n();
  const [providers, setProviders] = useState<Provider[]>();
  const [error, setError] = useState<ApiError>();
  useEffect(() => {
    api.providers().then(setProviders, (e: unknown) => setError(e instanceof ApiError ? e : new ApiError(0, { code: 'network' })));
  }, [api]);
  const suffix = returnTo && returnTo !== '/' ? '?return_to=' + encodeURIComponent(returnTo) : '';
  return (
    <>
      <PageTitle>{t('signin.title')}</PageTitle>
      {expired && <Paragraph>{t('signin.expired')}</Paragraph>}
      <Paragraph>{t('signin.intro')}</Paragraph>
      <ErrorAlert error={error} />
      {providers && providers.length === 0 && <Paragraph>{t('signin.none')}</Paragraph>}
      {providers && providers.length > 0 && (
        <section aria-labelledby="providers">
          <Heading2 id="providers">{t('signin.providers')}</Heading2>
          <UnorderedList className="kh-plain-list">
            {providers.map((p) => (
              <UnorderedListItem key={p.id}>
                <ButtonLink appearance="primary-action-button" href={p.login_url + suffix}>
                  {p.display_name}
                </ButtonLink>
                {p.id === 'dev' && <Paragraph appearance="small">{t('signin.dev')}</Paragraph>}
              </UnorderedListItem>
            ))}
          </UnorderedList>
        </section>
      )}
    </>
  );
}
