import { App } from 'antd';
import type { FormInstance } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from './api';

export interface ServerErrorOptions {
  /**
   * The record changed since it was read (409 VERSION_CONFLICT): called (e.g. to close the editor, whose
   * data is stale) before the user is told that the record was reloaded.
   */
  onVersionConflict?: () => void;
}

/**
 * Returns a handler that shows a server error the way the product expects:
 * the (already localized) message in an antd message, per-field errors on the form, and a version
 * conflict as an explanation that the record was reloaded.
 */
export function useServerError() {
  const { message, modal } = App.useApp();
  const { t } = useTranslation();

  return useCallback(
    (err: unknown, form?: FormInstance, options: ServerErrorOptions = {}) => {
      if (err instanceof ApiError && err.code === 'VERSION_CONFLICT' && options.onVersionConflict) {
        options.onVersionConflict();
        modal.warning({ title: t('errors.versionConflictTitle'), content: t('errors.versionConflict') });
        return;
      }
      if (err instanceof ApiError) {
        if (form && err.fields.length > 0) {
          const known = new Set(Object.keys(form.getFieldsValue(true) as object));
          // nested fields ("customFields.sector") map to the form path ['customFields', 'sector']
          const isKnown = (field: string) => known.has(field) || (field.includes('.') && known.has(field.split('.')[0]!));
          const path = (field: string) => (known.has(field) ? field : field.split('.'));
          const mapped = err.fields.filter((f) => isKnown(f.field));
          form.setFields(mapped.map((f) => ({ name: path(f.field), errors: [f.message] })));
          const unmapped = err.fields.filter((f) => !isKnown(f.field));
          if (unmapped.length > 0) {
            message.error(unmapped.map((f) => f.message).join('；'));
            return;
          }
        }
        message.error(err.message);
        return;
      }
      message.error(t('errors.generic'));
    },
    [message, modal, t],
  );
}
