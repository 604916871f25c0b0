// POSIX single-quoting for the demo's generated scripts: the core's, always quoted.
export {quoteShellAlways as shellQuote} from '../core/shell.js';
