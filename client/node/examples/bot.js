#!/usr/bin/env node
'use strict';
// An example bot: hands its conversation over to a human agent, relays what
// the user types to the agent, and prints the agent's side as it arrives.
//
//   node examples/bot.js [--address HOST:PORT] [--token TOKEN] [--tls] [--ca-file PEM]
//                        [--user-id ID] [--name NAME] [LINE...]
//
// Defaults come from HITL_ADDR (else 127.0.0.1:50051), HITL_TOKEN and
// HITL_CA_FILE. The LINEs are sent first, then every line read from stdin.
// Ctrl-C stops the handoff; the bot exits once the session has ended, by
// either side.

const fs = require('node:fs');
const readline = require('node:readline');
const { parseArgs } = require('node:util');
const { HitlClient } = require('@hitl-gateway/client');

const { values: flags, positionals: lines } = parseArgs({
  allowPositionals: true,
  options: {
    address: { type: 'string' },
    token: { type: 'string' },
    tls: { type: 'boolean' },
    'ca-file': { type: 'string' },
    'user-id': { type: 'string' },
    name: { type: 'string' },
  },
});
const caFile = flags['ca-file'] ?? process.env.HITL_CA_FILE;

/** One line for each kind of agent event. */
function describe(event) {
  switch (event.kind) {
    case 'agentMessage':
      return `${event.agentMessage.agentId}: ${event.agentMessage.text}`;
    case 'agentFile':
      return `${event.agentFile.agentId} sent ${event.agentFile.name}: ${event.agentFile.url}`;
    case 'chatTransferred': {
      const { agentIds, queue } = event.chatTransferred;
      return queue ? `(queued, position ${queue.position})` : `(now with ${agentIds.join(', ')})`;
    }
    case 'sessionEnded':
      return `(ended by ${event.sessionEnded.endedBy.replace('ENDED_BY_', '').toLowerCase()})`;
    default:
      return `(${event.kind})`;
  }
}

async function main() {
  const client = new HitlClient({
    address: flags.address ?? process.env.HITL_ADDR ?? '127.0.0.1:50051',
    token: flags.token ?? process.env.HITL_TOKEN,
    tls: caFile ? { rootCerts: fs.readFileSync(caFile) } : Boolean(flags.tls),
  });
  try {
    await handOver(client);
  } finally {
    client.close();
  }
}

async function handOver(client) {
  const session = await client.start({
    user: { id: flags['user-id'] ?? 'example-user', name: flags.name ?? 'Example User' },
    title: 'Where is my parcel?',
    description: 'Handed over by the example bot',
    transcript: [
      { role: 'user', text: 'My parcel never arrived.' },
      { role: 'bot', text: 'Let me get you a human.' },
    ],
    properties: { source: 'example-bot' },
  });
  console.log(`handoff started: session ${session.sessionId}, LiveChat chat ${session.chatId}`);

  // Ctrl-C: stop the handoff; its end then finishes the event stream below.
  process.once('SIGINT', () => {
    console.log('stopping the handoff');
    client.stop(session.sessionId, 'the user left').catch((error) => {
      console.error(`could not stop: ${error.message}`);
      client.close();
    });
  });

  // Relay the user's lines in order, while the agent's events print below.
  let sending = Promise.resolve();
  const relay = (text) => {
    sending = sending
      .then(() => client.send(session.sessionId, text))
      .catch((error) => console.error(`not sent (${error.codeName} ${error.reason}): ${error.message}`));
  };
  lines.forEach(relay);
  const input = readline.createInterface({ input: process.stdin });
  input.on('line', (line) => line.trim() && relay(line));

  try {
    for await (const event of client.events({ sessionIds: [session.sessionId] })) {
      console.log(describe(event));
    }
  } finally {
    input.close();
    await sending;
  }
}

main().catch((error) => {
  console.error(`bot failed: ${error.codeName ?? ''} ${error.reason ?? ''} ${error.message}`);
  process.exitCode = 1;
});
