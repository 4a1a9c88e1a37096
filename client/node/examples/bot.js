#!/usr/bin/env node
'use strict';
// An example bot: hands its conversation over to a human agent, relays what
// the user types to the agent, and prints the agent's side as it arrives.
//
//   node examples/bot.js [--address HOST:PORT] [--token TOKEN] [--tls] [--ca-file PEM]
//                        [--user-id ID] [--name NAME] [--email EMAIL] [LINE...]
//
// Defaults come from HITL_ADDR (else 127.0.0.1:50051), HITL_TOKEN and
// HITL_CA_FILE. It sends each LINE, or, without any, each line read from
// stdin. Ctrl-C stops the handoff; the bot exits once the session has ended,
// whoever ended it.

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
    email: { type: 'string' },
  },
});
const caFile = flags['ca-file'] ?? process.env.HITL_CA_FILE;

const ENDED_BY = { ENDED_BY_AGENT: 'the agent', ENDED_BY_BOT: 'the bot', ENDED_BY_LIVECHAT: 'LiveChat' };

/** One line for each kind of agent event. */
function describe(event) {
  switch (event.kind) {
    case 'agentMessage':
      return `${event.agentMessage.agentId}: ${event.agentMessage.text}`;
    case 'agentFile': {
      const { agentId, name, contentType, url } = event.agentFile;
      return `${agentId} sent ${name} (${contentType}): ${url}`;
    }
    case 'chatTransferred': {
      const { agentIds, queue } = event.chatTransferred;
      return queue ? `(queued, position ${queue.position})` : `(now with ${agentIds.join(', ')})`;
    }
    case 'sessionEnded':
      return `(ended by ${ENDED_BY[event.sessionEnded.endedBy] ?? 'an unknown party'})`;
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
    user: {
      id: flags['user-id'] ?? 'example-user',
      name: flags.name ?? 'Ada Lovelace',
      email: flags.email ?? 'ada@example.com',
    },
    title: 'Where is my parcel?',
    description: 'Handed over by the example bot',
    transcript: [
      { role: 'user', text: 'My parcel never arrived.' },
      { role: 'bot', text: 'Let me get you a human.' },
    ],
    properties: { source: 'example-bot' },
  });
  console.log(`handoff started: session ${session.sessionId}, chat ${session.chatId}`);

  // Ctrl-C: stop the handoff; its end then finishes the event stream below.
  process.once('SIGINT', () => {
    console.log('stopping the handoff');
    client.stop(session.sessionId, 'the user left').catch((error) => {
      console.error(`could not stop the handoff: ${error.message}`);
      process.exitCode = 1;
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
  let input = null;
  if (lines.length > 0) {
    lines.forEach(relay);
  } else {
    input = readline.createInterface({ input: process.stdin });
    input.on('line', (line) => line.trim() && relay(line));
  }

  try {
    for await (const event of client.events({ sessionIds: [session.sessionId] })) {
      console.log(describe(event));
    }
  } finally {
    input?.close();
    await sending;
  }
}

main().catch((error) => {
  console.error(`bot failed: ${error.codeName ?? ''} ${error.reason ?? ''} ${error.message}`);
  process.exitCode = 1;
});
