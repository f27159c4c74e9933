import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Col, Flex, Row, Select, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TierCondition, TierDefinition, TierRule } from '../../../core/tiers/evaluate';
import { TierConditionValue } from './TierConditionValue';
import { OP_SYMBOL, OPS_BY_KIND, type TierField } from './tierFields';
import { tierLabel } from './tierLabel';

interface Props {
  index: number;
  count: number;
  rule: TierRule;
  tiers: TierDefinition[];
  fields: TierField[];
  onChange: (rule: TierRule) => void;
  onRemove: () => void;
  onMove: (delta: -1 | 1) => void;
}

/** One rule: "tier X when all conditions hold"; rules are tried in order, the first match wins. */
export function TierRuleCard({ index, count, rule, tiers, fields, onChange, onRemove, onMove }: Props) {
  const { t } = useTranslation();
  const setCondition = (i: number, c: TierCondition) => onChange({ ...rule, conditions: rule.conditions.map((x, j) => (j === i ? c : x)) });
  const first = fields[0];
  const addCondition = () =>
    onChange({ ...rule, conditions: [...rule.conditions, { field: first?.value ?? 'industry', op: first ? OPS_BY_KIND[first.kind][0]! : 'eq', value: null }] });

  return (
    <Card
      size="small"
      data-testid="tier-rule"
      title={
        <Flex align="center" gap={8} wrap>
          <Typography.Text type="secondary">{t('tiers.rules.number', { n: index + 1 })}</Typography.Text>
          <Select<string>
            size="small"
            value={rule.tier}
            onChange={(tier) => onChange({ ...rule, tier })}
            options={tiers.map((d) => ({ value: d.key, label: <span><Tag color={d.color !== 'default' ? d.color : undefined}>{d.key}</Tag>{tierLabel(d)}</span> }))}
            popupMatchSelectWidth={false}
            style={{ minWidth: 120 }}
            data-testid="tier-rule-tier"
            aria-label={t('tiers.rules.tier')}
          />
        </Flex>
      }
      extra={
        <Flex gap={4}>
          <Button size="small" type="text" icon={<ArrowUpOutlined />} disabled={index === 0} onClick={() => onMove(-1)} aria-label={t('tiers.rules.up')} data-testid="tier-rule-up" />
          <Button size="small" type="text" icon={<ArrowDownOutlined />} disabled={index === count - 1} onClick={() => onMove(1)} aria-label={t('tiers.rules.down')} data-testid="tier-rule-down" />
          <Button size="small" type="text" danger icon={<DeleteOutlined />} onClick={onRemove} aria-label={t('common.delete')} data-testid="tier-rule-remove" />
        </Flex>
      }
    >
      <Flex vertical gap={8}>
        {rule.conditions.length === 0 ? <Typography.Text type="secondary">{t('tiers.rules.always')}</Typography.Text> : null}
        {rule.conditions.map((c, i) => {
          const field = fields.find((f) => f.value === c.field);
          const ops = field ? OPS_BY_KIND[field.kind] : (['eq', 'in', 'gte', 'lte', 'contains'] as const);
          return (
            <Row key={i} gutter={[8, 8]} align="middle" data-testid="tier-condition">
              <Col xs={24} sm={9}>
                <Select<string>
                  showSearch={{ optionFilterProp: 'label' }}
                  value={c.field}
                  onChange={(f) => {
                    const nf = fields.find((x) => x.value === f);
                    setCondition(i, { field: f, op: nf ? OPS_BY_KIND[nf.kind][0]! : 'eq', value: null });
                  }}
                  options={[...fields, ...(field ? [] : [{ value: c.field, label: c.field }])].map((f) => ({ value: f.value, label: f.label }))}
                  style={{ width: '100%' }}
                  data-testid="tier-condition-field"
                  aria-label={t('tiers.rules.field')}
                />
              </Col>
              <Col xs={6} sm={4}>
                <Select
                  value={c.op}
                  onChange={(op) => setCondition(i, { ...c, op, value: op === 'in' ? (c.value === null ? [] : Array.isArray(c.value) ? c.value : [String(c.value)]) : Array.isArray(c.value) ? (c.value[0] ?? null) : c.value })}
                  options={ops.map((o) => ({ value: o, label: `${OP_SYMBOL[o]} ${t(`tiers.ops.${o}`)}` }))}
                  popupMatchSelectWidth={false}
                  style={{ width: '100%' }}
                  data-testid="tier-condition-op"
                  aria-label={t('tiers.rules.op')}
                />
              </Col>
              <Col xs={15} sm={9}>
                <TierConditionValue field={field} op={c.op} value={c.value} onChange={(value) => setCondition(i, { ...c, value })} />
              </Col>
              <Col xs={3} sm={2} style={{ textAlign: 'right' }}>
                <Button
                  type="text"
                  danger
                  icon={<DeleteOutlined />}
                  onClick={() => onChange({ ...rule, conditions: rule.conditions.filter((_, j) => j !== i) })}
                  aria-label={t('common.delete')}
                  data-testid="tier-condition-remove"
                />
              </Col>
            </Row>
          );
        })}
        <div>
          <Button size="small" icon={<PlusOutlined />} onClick={addCondition} disabled={rule.conditions.length >= 10} data-testid="tier-condition-add">
            {t('tiers.rules.addCondition')}
          </Button>
        </div>
      </Flex>
    </Card>
  );
}
