/**
 * Imported first by the local commands (`npm start`, `npm run sweep`, `import`, …): the AWS SDK
 * prints, once per process on Node 20, that its versions published after January 2027 will need
 * Node 22. These commands run on the machine's Node 20 by design (Lambda runs Node 22; README,
 * Design notes), and the notice would be the first thing a clerk sees in the terminal. The SDK
 * reads this variable when its first client is made, so setting it here, before any client
 * exists, is enough. An explicit setting from the environment wins.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
