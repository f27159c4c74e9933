import { App } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../lib/api';
import { testId } from '../../lib/testid';

/**
 * Duplicate answers of a save, for every record type: a 409 DUPLICATE_WARNING asks the user whether to
 * save anyway (the server's message names the owner of the match or the public pool) — OK (`duplicate-save-anyway`)
 * calls `saveAnyway`, which resends with `acknowledgeDuplicates: true`; DUPLICATE_BLOCKED is shown as an error.
 * Returns true when the error was a duplicate answer and has been handled.
 */
export function useDuplicateConfirm() {
  const { modal } = App.useApp();
  const { t } = useTranslation();
  return useCallback(
    (err: unknown, saveAnyway: () => void): boolean => {
      if (isApiError(err, 'DUPLICATE_WARNING')) {
        modal.confirm({
          title: t('duplicates.confirm.warningTitle'),
          content: err.message,
          okText: t('duplicates.confirm.saveAnyway'),
          cancelText: t('common.cancel'),
          okButtonProps: testId('duplicate-save-anyway'),
          onOk: saveAnyway,
        });
        return true;
      }
      if (isApiError(err, 'DUPLICATE_BLOCKED')) {
        modal.error({ title: t('duplicates.confirm.blockedTitle'), content: err.message, okButtonProps: testId('duplicate-blocked-ok') });
        return true;
      }
      return false;
    },
    [modal, t],
  );
}
