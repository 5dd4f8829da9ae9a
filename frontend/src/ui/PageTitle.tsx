import { useEffect, useRef } from 'react';
import { Heading1 } from '@utrecht/component-library-react';
import { useI18n } from '../i18n/i18n';

let firstPage = true;

/**
 * PageTitle is a page's h1 and document title. After navigating inside the
 * app it takes the focus, so that screen-reader and keyboard users start at
 * the new page's heading, as after a full page load.
 */
export function PageTitle({ children }: { children: string }) {
  const { t } = useI18n();
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${children} – ${t('app.name')}`;
  }, [children, t]);
  useEffect(() => {
    if (firstPage) {
      firstPage = false;
      return;
    }
    ref.current?.focus();
  }, []);
  return (
    <Heading1 ref={ref} tabIndex={-1} className="kh-page-title">
      {children}
    </Heading1>
  );
}
