// Node-side helpers for webpack configs (not part of the browser bundle).
module.exports = { ...require('./shared'), ...require('./remote'), ...require('./base') };
