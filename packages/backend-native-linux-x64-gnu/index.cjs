// The prebuilt addon; built by packages/backend-native/scripts/build.sh.
module.exports = require('./ae-native.node');
