import { Col, Flex, Row } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { TagFilterSelect } from '../tags/TagFilterSelect';
import { TierFilterSelect } from '../tiers/TierFilterSelect';
import { ACCOUNT_COLUMNS, hiddenColumnsOf, paramsFromView, viewFromParams } from './accountListView';
import { ColumnChooser } from './ColumnChooser';
import { SavedViewBar } from './SavedViewBar';
import { useSetSearchParam } from '../../lib/useSetSearchParam';

const COLUMN_LABEL: Record<(typeof ACCOUNT_COLUMNS)[number], string> = {
  owner: 'accounts.fields.owner',
  department: 'accounts.fields.department',
  phone: 'accounts.fields.phone',
  industry: 'accounts.fields.industry',
  tier: 'tiers.column',
  tags: 'tags.column',
  updatedAt: 'accounts.fields.updatedAt',
};

/**
 * The accounts list's second filter row: tier and tag filters, saved views and the column chooser. Reads and
 * writes the list's URL search parameters (see accountListView.ts). `search`: the search box's text;
 * `onSearchChange`: sets it when a view is applied.
 */
export function AccountListToolbar({ search, onSearchChange }: { search: string; onSearchChange: (q: string) => void }) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const hidden = hiddenColumnsOf(params);
  const current = useMemo(() => viewFromParams(params, search), [params, search]);

  const set = useSetSearchParam();

  return (
    <Row gutter={[12, 12]} align="middle" style={{ marginTop: 12 }} data-testid="accounts-toolbar">
      <Col xs={12} md={5} lg={4}>
        <TierFilterSelect value={params.get('tier') ?? undefined} onChange={(v) => set('tier', v)} style={{ width: '100%' }} />
      </Col>
      <Col xs={12} md={5} lg={4}>
        <TagFilterSelect value={params.get('tag') ?? undefined} onChange={(v) => set('tag', v)} style={{ width: '100%' }} />
      </Col>
      <Col xs={24} md={14} lg={16}>
        <Flex gap={8} wrap align="center" justify="flex-end">
          <SavedViewBar
            objectType="accounts"
            current={current}
            selectedId={params.get('view') ?? undefined}
            onApply={(view) => {
              const next = view ? paramsFromView(view) : new URLSearchParams();
              setParams(next);
              onSearchChange(next.get('q') ?? '');
            }}
            onSelect={(id) => set('view', id)}
          />
          <ColumnChooser
            columns={ACCOUNT_COLUMNS.map((key) => ({ key, label: t(COLUMN_LABEL[key]) }))}
            hidden={hidden}
            onChange={(h) => set('hide', h.join(',') || undefined)}
          />
        </Flex>
      </Col>
    </Row>
  );
}
