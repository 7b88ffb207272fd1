import { proto } from '@whiskeysockets/baileys';
import type { InboundContent, MessageContact } from '@wildcat/wa';

type Content = proto.IMessage;

/** A pinned location or the first position of a live one. */
export function locationOf(content: Content): InboundContent | undefined {
  const pinned = content.locationMessage;
  if (pinned) {
    return {
      type: 'location',
      location: {
        latitude: pinned.degreesLatitude ?? 0,
        longitude: pinned.degreesLongitude ?? 0,
        ...(pinned.name ? { name: pinned.name } : {}),
        ...(pinned.address ? { address: pinned.address } : {}),
        ...(pinned.isLive ? { live: true } : {}),
      },
    };
  }
  const live = content.liveLocationMessage;
  if (!live) return undefined;
  return {
    type: 'location',
    location: {
      latitude: live.degreesLatitude ?? 0,
      longitude: live.degreesLongitude ?? 0,
      ...(live.caption ? { name: live.caption } : {}),
      live: true,
    },
  };
}

/** The WhatsApp number of a vCard: its `waid=` parameter, else its first TEL line's digits. */
export function phoneOfVcard(vcard: string): string | undefined {
  const waid = /waid=(\d+)/i.exec(vcard)?.[1];
  if (waid) return waid;
  const tel = /^(?:item\d+\.)?TEL[^:\r\n]*:([^\r\n]+)/im.exec(vcard)?.[1];
  const digits = tel?.replace(/\D/g, '');
  return digits ? digits : undefined;
}

/** The FN of a vCard, when the contact card has no display name. */
function nameOfVcard(vcard: string): string | undefined {
  return /^FN[^:\r\n]*:([^\r\n]+)/im.exec(vcard)?.[1]?.trim() || undefined;
}

function contactOf(card: proto.Message.IContactMessage): MessageContact {
  const vcard = card.vcard ?? '';
  const phone = phoneOfVcard(vcard);
  return { name: card.displayName || nameOfVcard(vcard) || phone || '', ...(phone ? { phone } : {}), vcard };
}

export function contactsOf(content: Content): InboundContent | undefined {
  if (content.contactMessage) return { type: 'contact', contacts: [contactOf(content.contactMessage)] };
  const array = content.contactsArrayMessage;
  if (!array) return undefined;
  return { type: 'contact', contacts: (array.contacts ?? []).map(contactOf) };
}

/**
 * A poll of any version. Its vote-decryption secret (messageContextInfo.messageSecret) is not
 * copied here: it stays in the message content the worker stores (encodeContent).
 */
export function pollOf(content: Content): InboundContent | undefined {
  const poll =
    content.pollCreationMessage ??
    content.pollCreationMessageV2 ??
    content.pollCreationMessageV3 ??
    content.pollCreationMessageV5 ??
    content.pollCreationMessageV4?.message?.pollCreationMessage;
  if (!poll) return undefined;
  return {
    type: 'poll',
    poll: {
      name: poll.name ?? '',
      options: (poll.options ?? []).map((option) => option.optionName ?? ''),
      selectableCount: poll.selectableOptionsCount ?? 0,
    },
  };
}

/** The id a native-flow answer carries in its params JSON (`{"id": …}`), else the JSON itself. */
function nativeFlowId(paramsJson: string | null | undefined): string | undefined {
  if (!paramsJson) return undefined;
  try {
    const id = (JSON.parse(paramsJson) as { id?: unknown }).id;
    return typeof id === 'string' && id ? id : paramsJson;
  } catch {
    // Not JSON: keep what the customer's phone sent as the id.
    return paramsJson;
  }
}

/** Button, list, template and interactive replies: the text shown plus the chosen id. */
export function replyOf(content: Content): InboundContent | undefined {
  const text = (value: string | null | undefined, selectedId: string | null | undefined): InboundContent => ({
    type: 'text',
    text: value ?? '',
    ...(selectedId ? { selectedId } : {}),
  });
  const buttons = content.buttonsResponseMessage;
  if (buttons) return text(buttons.selectedDisplayText, buttons.selectedButtonId);
  const list = content.listResponseMessage;
  if (list) return text(list.title, list.singleSelectReply?.selectedRowId);
  const template = content.templateButtonReplyMessage;
  if (template) return text(template.selectedDisplayText, template.selectedId);
  const interactive = content.interactiveResponseMessage;
  if (interactive) {
    return text(interactive.body?.text, nativeFlowId(interactive.nativeFlowResponseMessage?.paramsJson));
  }
  return undefined;
}

/** The content as plain JSON (bytes base64, 64-bit numbers as strings) for `unsupported`. */
export function rawOf(content: Content): string {
  const message = content instanceof proto.Message ? content : proto.Message.fromObject(content);
  return JSON.stringify(proto.Message.toObject(message, { longs: String, bytes: String, enums: String }));
}
