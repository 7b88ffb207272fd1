import type { FastifyPluginAsync } from 'fastify';
import accountSettingsRoute from './accounts/account-settings.js';
import accountRoutes from './accounts/accounts.js';
import connectionRoutes from './accounts/connection.js';
import pairingCodeRoute from './accounts/pairing-code.js';
import profileRoutes from './accounts/profile.js';
import apiKeyRoutes from './admin/api-keys.js';
import chatRoutes from './chats/chats.js';
import presenceRoutes from './chats/presence.js';
import consoleRoutes from './console.js';
import consoleSessionRoutes from './console-session.js';
import contactRoutes from './contacts/contacts.js';
import liveEventRoutes from './events/live-events.js';
import fleetRoutes from './fleet/fleet.js';
import fleetActionRoutes from './fleet/fleet-actions.js';
import fleetTrafficRoutes from './fleet/traffic.js';
import groupRoutes from './groups/groups.js';
import pingRoute from './health/ping.js';
import probeRoutes from './health/probes.js';
import mediaRoutes from './media/media.js';
import messageActionRoutes from './messages/message-actions.js';
import readMessageRoutes from './messages/read-messages.js';
import jsonSendRoutes from './messages/send-json.js';
import mediaSendRoutes from './messages/send-media.js';
import structuredSendRoutes from './messages/send-structured.js';
import sandboxCallRoute from './sandbox/call.js';
import sandboxSaveContactRoute from './sandbox/save-contact.js';
import sandboxScanRoute from './sandbox/scan.js';
import accountWebhookRoutes from './webhooks/account-webhooks.js';
import deliveryRoutes from './webhooks/deliveries.js';
import globalWebhookRoutes from './webhooks/global-webhooks.js';

/** Every route file, registered in this order. A new resource adds its file here. */
export const routes: FastifyPluginAsync[] = [
  pingRoute,
  probeRoutes,
  accountRoutes,
  connectionRoutes,
  pairingCodeRoute,
  accountSettingsRoute,
  profileRoutes,
  contactRoutes,
  jsonSendRoutes,
  mediaSendRoutes,
  messageActionRoutes,
  structuredSendRoutes,
  chatRoutes,
  presenceRoutes,
  readMessageRoutes,
  groupRoutes,
  mediaRoutes,
  globalWebhookRoutes,
  accountWebhookRoutes,
  deliveryRoutes,
  liveEventRoutes,
  sandboxScanRoute,
  sandboxCallRoute,
  sandboxSaveContactRoute,
  consoleRoutes,
  consoleSessionRoutes,
  apiKeyRoutes,
  fleetRoutes,
  fleetTrafficRoutes,
  fleetActionRoutes,
];
