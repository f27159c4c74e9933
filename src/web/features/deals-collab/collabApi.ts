import { http, type Id, type Page } from '../../lib/api';

export interface TeamMember {
  userId: Id;
  userName: string | null;
  /** owner, sales, presales, support, partner, other */
  role: string;
  /** whole percent; the members' splits sum to 100 */
  creditPercent: number;
}

export interface DealTeam {
  dealId: Id;
  members: TeamMember[];
  /** the roles a member can have */
  roles: string[];
}

export interface Comment {
  id: Id;
  objectType: 'deals' | 'accounts';
  recordId: Id;
  /** plain text; `@[Name](userId)` tokens are mentions */
  body: string;
  mentions: Id[];
  authorId: Id;
  authorName: string | null;
  createdAt: string;
}

export interface CommentInput {
  objectType: 'deals' | 'accounts';
  recordId: Id;
  body: string;
  mentions?: Id[];
}

const { get, post, put, del, enc } = http;

export const collabApi = {
  team: (dealId: Id) => get<DealTeam>(`/deals/${enc(dealId)}/team`),
  saveTeam: (dealId: Id, members: Omit<TeamMember, 'userName'>[]) => put<DealTeam>(`/deals/${enc(dealId)}/team`, { members }),
  comments: (objectType: 'deals' | 'accounts', recordId: Id, cursor?: string) =>
    get<Page<Comment>>('/comments', { objectType, recordId, cursor, limit: 20 }),
  addComment: (input: CommentInput) => post<Comment>('/comments', input),
  removeComment: (id: Id) => del(`/comments/${enc(id)}`),
};

export const collabKeys = {
  team: (dealId: Id) => ['deals', 'team', dealId] as const,
  comments: (objectType: string, recordId: Id) => ['comments', objectType, recordId] as const,
};
