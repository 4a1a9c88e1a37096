'use strict';
// @hitl-gateway/client: a thin Node.js client of hitl-gateway's
// hitl.v1.HitlService. The types are in index.d.ts.

const { HitlClient } = require('./client');
const { HitlError } = require('./errors');

module.exports = { HitlClient, HitlError };
