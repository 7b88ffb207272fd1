export { ForbiddenPortError } from './forbidden-port-error.js';
export { createGuardedConnector, type GuardedConnectorOptions, guardedLookup } from './guarded-connector.js';
export { HEADER_NAME_PATTERN, HEADER_VALUE_PATTERN, isReservedHeader, WILDCAT_HEADERS } from './headers.js';
export { classifyAddress, type ForbiddenClass, isPublicAddress, parseIPv4, parseIPv6 } from './ip-ranges.js';
export {
  type HeaderSource,
  signWildcatPayload,
  type VerifyResult,
  verifyWildcatSignature,
} from './signature.js';
export { UnsafeAddressError } from './unsafe-address-error.js';
export {
  bareHost,
  checkWebhookUrl,
  effectivePort,
  GENERIC_URL_REFUSAL,
  isPortAllowed,
  type UrlCheck,
  type UrlGuardOptions,
} from './url-guard.js';
