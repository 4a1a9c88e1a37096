'use strict';
// The API's definitions, loaded at run time from the .proto files that
// gen-stubs copies into ../gen/proto (the package never reads outside itself).

const path = require('node:path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');
const protobuf = require('protobufjs');

const PROTO_DIR = path.join(__dirname, '..', 'gen', 'proto');

// How messages map to JavaScript: camelCase fields, enums as their names,
// 64-bit integers as numbers, every field present (defaults filled in), and
// `kind` naming the field set in AgentEvent's oneof. The TypeScript types in
// ../gen/types are generated with the same options (see gen-stubs).
const LOAD_OPTIONS = {
  longs: Number,
  enums: String,
  defaults: true,
  oneofs: true,
  includeDirs: [PROTO_DIR],
};

const definition = protoLoader.loadSync('hitl/v1/hitl.proto', LOAD_OPTIONS);

/** The client class of `hitl.v1.HitlService` that grpc-js makes from the proto. */
const HitlServiceClient = grpc.loadPackageDefinition(definition).hitl.v1.HitlService;

// google.rpc.Status and ErrorInfo, to decode the error details trailer.
// (google/protobuf/any.proto comes bundled with protobufjs.)
const errorTypes = new protobuf.Root();
errorTypes.resolvePath = (_origin, target) => path.join(PROTO_DIR, target);
errorTypes.loadSync(['google/rpc/status.proto', 'google/rpc/error_details.proto'], {
  keepCase: true,
});

module.exports = {
  HitlServiceClient,
  RpcStatus: errorTypes.lookupType('google.rpc.Status'),
  ErrorInfo: errorTypes.lookupType('google.rpc.ErrorInfo'),
};
