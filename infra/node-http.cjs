// node:http through require(): on Node 22 (the Lambda runtime) an ESM `import ... from "node:http"`
// makes Node build the module's ESM facade, which reads every export, the lazy `WebSocket` among
// them, and so loads undici (~20 ms of every cold start). require() reads no export. The bundles
// alias node:http here (infra/bundling.ts); 'http' without the prefix, so the alias skips this file.
module.exports = require('http');
