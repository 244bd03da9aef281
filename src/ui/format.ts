// The text-fitting helpers live with the pure code (src/state/textFit.ts); panes import them here.
export { fit, wrapWords } from '../state/textFit.js';
