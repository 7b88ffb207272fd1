export { AccountExistsError } from './errors/account-exists-error.js';
export { MediaTooLargeError } from './errors/media-too-large-error.js';
export { StaleEpochError } from './errors/stale-epoch-error.js';
export { StoreUnavailableError } from './errors/store-unavailable-error.js';
