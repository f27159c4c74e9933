import { CommentOutlined, DeleteOutlined, SendOutlined } from '@ant-design/icons';
import { Alert, App, Avatar, Button, Card, Empty, Flex, List, Mentions, Popconfirm, Skeleton, Typography } from 'antd';
import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/format';
import { testId } from '../../lib/testid';
import { useDebouncedValue } from '../../lib/useDebouncedValue';
import { useServerError } from '../../lib/useServerError';
import { useMe } from '../auth/useMe';
import { renderCommentBody } from '../timeline/commentBody';
import { useUserOptions } from '../users/useUserOptions';
import type { Comment } from './collabApi';
import { encodeMentions } from './mentions';
import { useAddComment } from './useAddComment';
import { useComments } from './useComments';
import { useDeleteComment } from './useDeleteComment';

function CommentComposer({ objectType, recordId }: { objectType: 'deals' | 'accounts'; recordId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useServerError();
  const add = useAddComment();
  const [text, setText] = useState('');
  const [search, setSearch] = useState('');
  const q = useDebouncedValue(search, 200);
  const { data: users, isFetching } = useUserOptions(q);
  const picked = useRef(new Map<string, string>());

  const options = useMemo(
    () =>
      (users?.items ?? [])
        .filter((u) => u.status === 'active')
        .map((u) => ({ key: u.id, value: u.displayName, label: <span data-testid={`mention-option-${u.id}`}>{u.displayName}</span> })),
    [users],
  );

  const send = () => {
    if (!text.trim() || add.isPending) return;
    const { body, mentions } = encodeMentions(text.trim(), picked.current);
    add.mutate(
      { objectType, recordId, body, ...(mentions.length ? { mentions } : {}) },
      {
        onSuccess: () => {
          setText('');
          picked.current.clear();
          message.success(t('comments.sent'));
        },
        onError: (err) => onError(err),
      },
    );
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      send();
    }
  };

  return (
    <Flex vertical gap={8}>
      <Mentions
        value={text}
        onChange={setText}
        onSearch={(s) => setSearch(s)}
        onSelect={(option) => {
          // the option's key is rewritten by the component: find the user by the inserted name
          const user = users?.items.find((u) => u.displayName === option.value);
          if (user) picked.current.set(user.displayName, user.id);
        }}
        options={options}
        filterOption={false}
        loading={isFetching}
        autoSize={{ minRows: 2, maxRows: 6 }}
        maxLength={5000}
        placeholder={t('comments.placeholder')}
        onKeyDown={onKeyDown}
        data-testid="comment-input"
      />
      <Flex justify="flex-end">
        <Button type="primary" icon={<SendOutlined />} disabled={!text.trim()} loading={add.isPending} onClick={send} data-testid="comment-send">
          {t('comments.send')}
        </Button>
      </Flex>
    </Flex>
  );
}

function CommentItem({ comment, objectType, recordId }: { comment: Comment; objectType: 'deals' | 'accounts'; recordId: string }) {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const onError = useServerError();
  const remove = useDeleteComment(objectType, recordId);
  const own = me?.user.id === comment.authorId;
  return (
    <List.Item
      data-testid={`comment-${comment.id}`}
      actions={
        own
          ? [
              <Popconfirm
                key="delete"
                title={t('comments.deleteConfirm')}
                okText={t('common.delete')}
                cancelText={t('common.cancel')}
                okButtonProps={{ danger: true, loading: remove.isPending, ...testId(`comment-delete-confirm-${comment.id}`) }}
                onConfirm={() => new Promise<void>((resolve) => remove.mutate(comment.id, { onSettled: () => resolve(), onError: (err) => onError(err) }))}
              >
                <Button type="text" size="small" danger icon={<DeleteOutlined />} aria-label={t('common.delete')} data-testid={`comment-delete-${comment.id}`} />
              </Popconfirm>,
            ]
          : undefined
      }
    >
      <List.Item.Meta
        avatar={<Avatar size="small">{(comment.authorName ?? '?').slice(0, 1).toUpperCase()}</Avatar>}
        title={
          <Flex wrap gap={8} align="baseline">
            <Typography.Text strong>{comment.authorName ?? t('timeline.system')}</Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal' }}>
              {formatDateTime(comment.createdAt)}
            </Typography.Text>
          </Flex>
        }
        description={
          <div style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word', color: 'inherit' }} data-testid="comment-body">
            {renderCommentBody(comment.body)}
          </div>
        }
      />
    </List.Item>
  );
}

/** Comments on a deal, newest first, with @mentions that notify the people mentioned. */
export function DealCommentsCard({ dealId }: { dealId: string }) {
  const { t } = useTranslation();
  const { data, isPending, isError, error, fetchNextPage, hasNextPage, isFetchingNextPage } = useComments('deals', dealId);
  const items = data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Card
      title={
        <Flex gap={8} align="center">
          <CommentOutlined />
          {t('comments.title')}
        </Flex>
      }
      data-testid="deal-comments"
    >
      <CommentComposer objectType="deals" recordId={dealId} />
      {isPending ? (
        <Skeleton active paragraph={{ rows: 2 }} style={{ marginTop: 12 }} />
      ) : isError ? (
        <Alert type="error" showIcon title={error.message} style={{ marginTop: 12 }} />
      ) : items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('comments.none')} />
      ) : (
        <>
          <List<Comment> dataSource={items} rowKey="id" renderItem={(c) => <CommentItem comment={c} objectType="deals" recordId={dealId} />} />
          {hasNextPage ? (
            <Flex justify="center">
              <Button loading={isFetchingNextPage} onClick={() => void fetchNextPage()} data-testid="comments-load-more">
                {t('common.loadMore')}
              </Button>
            </Flex>
          ) : null}
        </>
      )}
    </Card>
  );
}
