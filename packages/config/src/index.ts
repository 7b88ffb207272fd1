export { ConfigError } from './config-error.js';
export { renderEnvTable } from './env-table.js';
export { extractEnvTable, replaceEnvTable } from './env-table-section.js';
export { type Config, loadConfig, loadConfigOrExit, variablesFor } from './load-config.js';
export { writePortFile } from './port-file.js';
export { type Consumer, type VariableName, type VariableSpec, variables } from './variables.js';
export { REDIS_VARIABLES } from './variables-redis-topology.js';
