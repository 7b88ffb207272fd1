import { appBundle } from '../../tsup.app.js';

export default appBundle;
