'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const grpc = require('@grpc/grpc-js');
const { HitlError, DETAILS_TRAILER } = require('../../src/errors');
const { RpcStatus } = require('../../src/proto');
const { serviceError, statusDetails } = require('../support/service-errors');

test('fromServiceError decodes the ErrorInfo reason and metadata from the trailer', () => {
  const cause = serviceError(grpc.status.INVALID_ARGUMENT, 'text is empty', 'INVALID_FIELD', {
    field: 'text',
  });
  const error = HitlError.fromServiceError(cause);
  assert.ok(error instanceof Error);
  assert.equal(error.name, 'HitlError');
  assert.equal(error.code, 3);
  assert.equal(error.codeName, 'INVALID_ARGUMENT');
  assert.equal(error.message, 'text is empty');
  assert.equal(error.reason, 'INVALID_FIELD');
  assert.deepEqual(error.metadata, { field: 'text' });
  assert.equal(error.cause, cause);
});

test('fromServiceError without details has an empty reason and metadata', () => {
  const error = HitlError.fromServiceError(serviceError(grpc.status.DEADLINE_EXCEEDED, 'late'));
  assert.equal(error.codeName, 'DEADLINE_EXCEEDED');
  assert.equal(error.reason, '');
  assert.deepEqual(error.metadata, {});
});

test('fromServiceError ignores malformed details and details of other types', () => {
  const malformed = serviceError(grpc.status.NOT_FOUND, 'gone');
  malformed.metadata.set(DETAILS_TRAILER, Buffer.from([0x0a, 0xff, 0x01]));
  assert.equal(HitlError.fromServiceError(malformed).reason, '');

  const otherType = serviceError(grpc.status.NOT_FOUND, 'gone');
  const details = RpcStatus.encode({
    code: 5,
    details: [{ type_url: 'type.googleapis.com/google.rpc.RetryInfo', value: Buffer.alloc(0) }],
  }).finish();
  otherType.metadata.set(DETAILS_TRAILER, Buffer.from(details));
  const error = HitlError.fromServiceError(otherType);
  assert.equal(error.codeName, 'NOT_FOUND');
  assert.equal(error.reason, '');
  assert.deepEqual(error.metadata, {});
});

test('the details helper round-trips through the real decoder', () => {
  const trailers = new grpc.Metadata();
  trailers.set(DETAILS_TRAILER, statusDetails(5, 'no', 'SESSION_NOT_FOUND'));
  const error = HitlError.fromServiceError({ code: 5, details: 'no', metadata: trailers });
  assert.equal(error.reason, 'SESSION_NOT_FOUND');
});
