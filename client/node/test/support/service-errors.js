'use strict';
// Builds errors as grpc-js reports them: a ServiceError whose metadata holds
// the gateway's google.rpc.Status trailer.

const grpc = require('@grpc/grpc-js');
const { RpcStatus, ErrorInfo } = require('../../src/proto');
const { DETAILS_TRAILER } = require('../../src/errors');

/** The serialized google.rpc.Status the gateway sends with an ErrorInfo. */
function statusDetails(code, message, reason, metadata = {}) {
  const info = ErrorInfo.encode({ reason, domain: 'hitl-gateway', metadata }).finish();
  return Buffer.from(
    RpcStatus.encode({
      code,
      message,
      details: [{ type_url: 'type.googleapis.com/google.rpc.ErrorInfo', value: info }],
    }).finish(),
  );
}

/** A grpc-js ServiceError; with `reason`, it carries the details trailer. */
function serviceError(code, message, reason, metadata) {
  const trailers = new grpc.Metadata();
  if (reason) trailers.set(DETAILS_TRAILER, statusDetails(code, message, reason, metadata));
  return Object.assign(new Error(`${code} ${grpc.status[code]}: ${message}`), {
    code,
    details: message,
    metadata: trailers,
  });
}

module.exports = { serviceError, statusDetails };
