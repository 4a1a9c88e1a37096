'use strict';
// HitlError: the one error type of failed calls, with the gateway's
// google.rpc.ErrorInfo decoded from the `grpc-status-details-bin` trailer.

const { status: Code } = require('@grpc/grpc-js');
const { RpcStatus, ErrorInfo } = require('./proto');

const DETAILS_TRAILER = 'grpc-status-details-bin';
const ERROR_INFO_TYPE = 'type.googleapis.com/google.rpc.ErrorInfo';

/**
 * A call to the gateway failed. `code` is the gRPC status code (a number, see
 * `codeName` for its name), `message` what the gateway says to do, `reason`
 * the stable ErrorInfo reason (e.g. "SESSION_NOT_FOUND"; empty when the error
 * carries none, e.g. a deadline exceeded on the client) and `metadata` the
 * ErrorInfo's facts (e.g. `{ field: "text" }`).
 */
class HitlError extends Error {
  /**
   * @param {number} code gRPC status code.
   * @param {string} message
   * @param {string} [reason]
   * @param {Record<string, string>} [metadata]
   * @param {{ cause?: unknown }} [options]
   */
  constructor(code, message, reason = '', metadata = {}, options = undefined) {
    super(message, options);
    this.name = 'HitlError';
    this.code = code;
    this.codeName = Code[code] ?? 'UNKNOWN';
    this.reason = reason;
    this.metadata = metadata;
  }

  /**
   * The HitlError of a grpc-js call error (a `ServiceError`), which it keeps
   * as `cause`.
   * @param {import('@grpc/grpc-js').ServiceError} error
   * @returns {HitlError}
   */
  static fromServiceError(error) {
    const [details] = error.metadata?.get(DETAILS_TRAILER) ?? [];
    const info = decodeErrorInfo(details);
    return new HitlError(error.code, error.details, info.reason, info.metadata, { cause: error });
  }
}

/**
 * The ErrorInfo in a serialized google.rpc.Status, or an empty one when there
 * is none or the bytes do not parse (the code and message still stand).
 * @param {unknown} details
 * @returns {{ reason: string, metadata: Record<string, string> }}
 */
function decodeErrorInfo(details) {
  if (Buffer.isBuffer(details)) {
    try {
      const any = RpcStatus.decode(details).details.find((d) => d.type_url === ERROR_INFO_TYPE);
      if (any) {
        const info = ErrorInfo.decode(any.value);
        return { reason: info.reason, metadata: { ...info.metadata } };
      }
    } catch {
      // Malformed details: fall through to an empty ErrorInfo.
    }
  }
  return { reason: '', metadata: {} };
}

module.exports = { HitlError, DETAILS_TRAILER };
