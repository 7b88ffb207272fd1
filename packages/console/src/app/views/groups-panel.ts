import type { ConsoleContext } from '../context.js';
import { busy, h, replaceChildren } from '../dom.js';
import { showJid } from '../format.js';
import { createNotice } from './notice.js';

interface GroupView {
  id: string;
  subject: string;
  announce: boolean;
  locked: boolean;
  participants: { jid: string; admin: 'admin' | 'superadmin' | null }[];
}

/** The account's groups (the stored copy), each with its members and, on request, its invite link. */
export function groupsPanel(ctx: ConsoleContext, accountId: string) {
  const notice = createNotice();
  const base = `/accounts/${encodeURIComponent(accountId)}/groups`;
  const list = h('ul', { class: 'group-list', 'aria-live': 'polite' });
  const refresh = h('button', { type: 'button', class: 'secondary' }, 'Refresh groups');

  function groupItem(group: GroupView) {
    const members = h(
      'ul',
      { class: 'group-members', 'aria-label': `Members of ${group.subject}` },
      ...group.participants.map((member) =>
        h('li', {}, showJid(member.jid), member.admin ? ` (${member.admin})` : ''),
      ),
    );
    const link = h('p', { class: 'invite-link muted' });
    const invite = h('button', { type: 'button', class: 'secondary' }, 'Invite link');
    invite.addEventListener('click', () => {
      void busy(
        invite,
        async () => {
          notice.clear();
          const answer = await ctx.api.request<{ url: string }>(
            'GET',
            `${base}/${encodeURIComponent(group.id)}/invite`,
          );
          link.textContent = answer.url;
        },
        notice.error,
      );
    });
    const settings = [group.announce ? 'only admins send' : '', group.locked ? 'only admins edit' : '']
      .filter(Boolean)
      .join(' · ');
    return h(
      'li',
      { class: 'group' },
      h(
        'details',
        {},
        h('summary', {}, `${group.subject} · ${group.participants.length} members`),
        settings ? h('p', { class: 'muted' }, settings) : '',
        members,
        invite,
        link,
      ),
    );
  }

  async function load() {
    const answer = await ctx.api.request<{ groups: GroupView[] }>('GET', base);
    if (answer.groups.length === 0) replaceChildren(list, h('li', { class: 'muted' }, 'No groups yet.'));
    else replaceChildren(list, ...answer.groups.map(groupItem));
  }

  refresh.addEventListener('click', () => {
    void busy(
      refresh,
      async () => {
        notice.clear();
        await load();
      },
      notice.error,
    );
  });
  void load().catch((error: unknown) => notice.error(error));
  return {
    root: h(
      'section',
      { class: 'card', 'aria-labelledby': 'groups-heading' },
      h('h2', { id: 'groups-heading' }, 'Groups'),
      notice.root,
      refresh,
      list,
    ),
  };
}
