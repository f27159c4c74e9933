import { DeleteOutlined, SaveOutlined, ShareAltOutlined } from '@ant-design/icons';
import { App, Button, Flex, Popconfirm, Select, Switch, Tag, Tooltip } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { testId } from '../../lib/testid';
import { useServerError } from '../../lib/useServerError';
import { sameView } from './accountListView';
import type { SavedView, SavedViewContent, ViewObjectType } from './savedViewsApi';
import { SaveViewModal } from './SaveViewModal';
import { useDeleteSavedView } from './useDeleteSavedView';
import { useSavedViews } from './useSavedViews';
import { useUpdateSavedView } from './useUpdateSavedView';

interface Props {
  objectType: ViewObjectType;
  /** what the list shows now */
  current: SavedViewContent;
  selectedId: string | undefined;
  /** apply a view; null: back to the default list */
  onApply: (view: SavedView | null) => void;
  /** mark a view applied without changing the list (undefined: none, after deleting it) */
  onSelect: (id: string | undefined) => void;
}

/** Saved views of a list: choose one, save the current view, update/share/delete my own. */
export function SavedViewBar({ objectType, current, selectedId, onApply, onSelect }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useServerError();
  const { data: views = [], isFetching } = useSavedViews(objectType);
  const update = useUpdateSavedView();
  const remove = useDeleteSavedView();
  const [saveOpen, setSaveOpen] = useState(false);
  const selected = views.find((v) => v.id === selectedId);
  const modified = selected ? !sameView(current, selected) : false;

  const mine = views.filter((v) => v.mine);
  const others = views.filter((v) => !v.mine);
  const option = (v: SavedView) => ({
    value: v.id,
    name: v.name,
    label: (
      <span data-testid="saved-view-option" data-id={v.id}>
        {v.name}
        {v.mine && v.shared ? <ShareAltOutlined style={{ marginInlineStart: 6, opacity: 0.6 }} /> : null}
        {!v.mine && v.ownerName ? <span style={{ opacity: 0.6 }}> · {v.ownerName}</span> : null}
      </span>
    ),
  });
  const options = [
    ...(mine.length ? [{ label: t('savedViews.mine'), options: mine.map(option) }] : []),
    ...(others.length ? [{ label: t('savedViews.sharedByOthers'), options: others.map(option) }] : []),
  ];

  const saveChanges = () =>
    selected &&
    update.mutate(
      { id: selected.id, version: selected.version, ...current },
      { onSuccess: () => message.success(t('savedViews.updated')), onError: (err) => onError(err) },
    );
  const toggleShare = (shared: boolean) =>
    selected &&
    update.mutate(
      { id: selected.id, version: selected.version, shared },
      { onSuccess: () => message.success(shared ? t('savedViews.nowShared') : t('savedViews.nowPrivate')), onError: (err) => onError(err) },
    );
  const doDelete = () =>
    new Promise<void>((resolve) =>
      selected
        ? remove.mutate(selected.id, {
            onSuccess: () => {
              message.success(t('savedViews.deleted'));
              onSelect(undefined);
              resolve();
            },
            onError: (err) => {
              onError(err);
              resolve();
            },
          })
        : resolve(),
    );

  return (
    <Flex gap={8} wrap align="center" data-testid="saved-views">
      <Select<string>
        allowClear
        showSearch={{ optionFilterProp: 'name' }}
        value={selected ? selected.id : undefined}
        onChange={(id) => onApply(views.find((v) => v.id === id) ?? null)}
        options={options}
        loading={isFetching}
        placeholder={t('savedViews.placeholder')}
        notFoundContent={t('savedViews.none')}
        popupMatchSelectWidth={false}
        style={{ minWidth: 160, flex: '1 1 160px', maxWidth: 280 }}
        data-testid="saved-view-select"
        aria-label={t('savedViews.select')}
      />
      {modified ? (
        <Tag color="gold" style={{ marginInlineEnd: 0 }} data-testid="saved-view-modified">
          {t('savedViews.modified')}
        </Tag>
      ) : null}
      {selected?.mine && modified ? (
        <Button size="small" onClick={saveChanges} loading={update.isPending} data-testid="saved-view-update">
          {t('savedViews.update')}
        </Button>
      ) : null}
      <Tooltip title={t('savedViews.saveHint')}>
        <Button size="small" icon={<SaveOutlined />} onClick={() => setSaveOpen(true)} data-testid="saved-view-save">
          {t('savedViews.save')}
        </Button>
      </Tooltip>
      {selected?.mine ? (
        <>
          <Flex gap={4} align="center">
            <Switch size="small" checked={selected.shared} loading={update.isPending} onChange={toggleShare} data-testid="saved-view-share" aria-label={t('savedViews.shared')} />
            <span style={{ fontSize: 12 }}>{t('savedViews.shared')}</span>
          </Flex>
          <Popconfirm
            title={t('savedViews.deleteTitle', { name: selected.name })}
            okText={t('common.delete')}
            cancelText={t('common.cancel')}
            okButtonProps={{ danger: true, ...testId('saved-view-delete-confirm') }}
            onConfirm={doDelete}
          >
            <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('savedViews.delete')} data-testid="saved-view-delete" />
          </Popconfirm>
        </>
      ) : null}
      <SaveViewModal
        open={saveOpen}
        objectType={objectType}
        content={current}
        onClose={() => setSaveOpen(false)}
        onSaved={(view) => {
          setSaveOpen(false);
          message.success(t('savedViews.saved'));
          onApply(view);
        }}
      />
    </Flex>
  );
}
