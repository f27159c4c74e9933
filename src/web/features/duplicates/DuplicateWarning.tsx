import { Alert, Flex, Tag, Typography } from 'antd';
import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { testId } from '../../lib/testid';
import type { DuplicateMatch, DuplicateObjectType } from './duplicatesApi';
import { useDuplicateCheck, type DuplicateProbeFields } from './useDuplicateCheck';

const MAX_LISTED = 5;

interface Props {
  objectType: DuplicateObjectType;
  /** what the user has typed so far (checked debounced) */
  fields: DuplicateProbeFields;
  /** the record being edited (never its own duplicate) */
  excludeId?: string;
  enabled?: boolean;
  style?: CSSProperties;
}

function MatchLine({ match }: { match: DuplicateMatch }) {
  const { t } = useTranslation();
  const kind =
    match.matchedOn === 'name_fuzzy' && match.similarity !== undefined
      ? t('duplicates.matchedOnSimilar', { percent: Math.round(match.similarity * 100) })
      : t(`duplicates.matchedOn.${match.matchedOn}`);
  const holder = match.inPool
    ? t('duplicates.inPool', { pool: match.poolName ?? '' })
    : match.ownerName
      ? t('duplicates.ownedBy', { owner: match.ownerName })
      : null;
  return (
    <Flex component="li" wrap gap={6} align="center" data-testid="duplicate-match" data-id={match.id}>
      <Tag style={{ marginInlineEnd: 0 }}>{t(`duplicates.objectTypes.${match.objectType}`)}</Tag>
      {match.visible ? (
        // a new tab: what was typed into the form stays
        <Link to={`/${match.objectType}/${match.id}`} target="_blank" rel="noopener" data-testid="duplicate-match-link" style={{ wordBreak: 'break-all' }}>
          {match.name ?? t('duplicates.open')}
        </Link>
      ) : (
        <Typography.Text type="secondary">{t('duplicates.notVisible')}</Typography.Text>
      )}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {[kind, holder].filter(Boolean).join(' · ')}
      </Typography.Text>
    </Flex>
  );
}

/**
 * The live duplicate warning under a form: the server's sentence — a warning, or an error when saving
 * would be blocked — and the matching records (those the user may see link to them).
 */
export function DuplicateWarning({ objectType, fields, excludeId, enabled = true, style }: Props) {
  const { t } = useTranslation();
  const { data } = useDuplicateCheck(objectType, fields, { excludeId, enabled });
  if (!data || data.action === 'none' || data.matches.length === 0) return null;
  const listed = data.matches.slice(0, MAX_LISTED);
  return (
    <Alert
      {...testId('duplicate-warning', { 'data-action': data.action })}
      type={data.action === 'block' ? 'error' : 'warning'}
      showIcon
      title={data.message}
      description={
        <Flex component="ul" vertical gap={4} style={{ margin: 0, padding: 0, listStyle: 'none' }}>
          {listed.map((m) => (
            <MatchLine key={`${m.objectType}:${m.id}`} match={m} />
          ))}
          {data.matches.length > listed.length ? (
            <li>
              <Typography.Text type="secondary">{t('duplicates.more', { count: data.matches.length - listed.length })}</Typography.Text>
            </li>
          ) : null}
        </Flex>
      }
      style={style}
    />
  );
}
