import { Paragraph } from '@utrecht/component-library-react';
import { useI18n } from '../i18n/i18n';
import { Link, paths } from '../router';
import { PageTitle } from '../ui/PageTitle';

export function NotFound() {
  const { t } = useI18n();
  return (
    <>
      <PageTitle>{t('app.notFound')}</PageTitle>
      <Paragraph>
        <Link href={paths.overview()}>{t('app.backHome')}</Link>
      </Paragraph>
    </>
  );
}
