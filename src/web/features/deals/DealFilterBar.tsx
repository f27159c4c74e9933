import { Col, DatePicker, Input, Row, Select } from 'antd';
import dayjs from 'dayjs';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { getLanguage } from '../../lib/i18n';
import { DepartmentTreeSelect } from '../departments/DepartmentTreeSelect';
import { UserSelect } from '../users/UserSelect';
import { localized } from './dealHelpers';
import type { useDealFilterParams } from './useDealFilterParams';

type FilterState = ReturnType<typeof useDealFilterParams>;

/** Pipeline, owner, department, close month and search; `children` adds page-specific filters. */
export function DealFilterBar({ state, children }: { state: FilterState; children?: ReactNode }) {
  const { t } = useTranslation();
  const lang = getLanguage();
  const { pipelines, pipeline, filters, setParam, search, setSearch } = state;
  return (
    <Row gutter={[12, 12]} align="middle">
      <Col xs={24} sm={12} md={6} lg={5}>
        <Select
          value={pipeline?.id}
          loading={pipelines.isPending}
          onChange={(v) => setParam('pipeline', v)}
          options={(pipelines.data ?? []).map((p) => ({ value: p.id, label: localized(p.name, lang) }))}
          style={{ width: '100%' }}
          aria-label={t('deals.fields.pipeline')}
          data-testid="deals-pipeline-select"
        />
      </Col>
      <Col xs={24} sm={12} md={6} lg={5}>
        <Input.Search
          allowClear
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          onSearch={(v) => {
            setSearch(v);
            setParam('q', v.trim() || undefined);
          }}
          onBlur={() => setParam('q', search.trim() || undefined)}
          placeholder={t('deals.searchPlaceholder')}
          data-testid="deals-search"
        />
      </Col>
      <Col xs={12} sm={8} md={4} lg={4}>
        <UserSelect
          allowClear
          activeOnly={false}
          value={filters.ownerId}
          onChange={(v) => setParam('owner', v)}
          placeholder={t('deals.ownerFilter')}
          style={{ width: '100%' }}
          data-testid="deals-owner-filter"
        />
      </Col>
      <Col xs={12} sm={8} md={4} lg={4}>
        <DepartmentTreeSelect
          allowClear
          value={filters.departmentId}
          onChange={(v) => setParam('dept', v)}
          placeholder={t('deals.departmentFilter')}
          style={{ width: '100%' }}
          data-testid="deals-department-filter"
        />
      </Col>
      <Col xs={24} sm={8} md={4} lg={3}>
        <DatePicker
          picker="month"
          allowClear
          value={filters.closeMonth ? dayjs(`${filters.closeMonth}-01`) : null}
          onChange={(d) => setParam('month', d ? d.format('YYYY-MM') : undefined)}
          format="YYYY-MM"
          placeholder={t('deals.closeMonthFilter')}
          style={{ width: '100%' }}
          data-testid="deals-close-month"
        />
      </Col>
      {children}
    </Row>
  );
}
