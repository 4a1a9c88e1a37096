'use strict';

const grpc = require('@grpc/grpc-js');

/** Response headers as the gateway sends them, with `hitl-cursor` if given. */
function headers(cursor) {
  const metadata = new grpc.Metadata();
  if (cursor) metadata.set('hitl-cursor', cursor);
  return metadata;
}

module.exports = { headers };
