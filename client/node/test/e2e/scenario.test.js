'use strict';
// The client libraries' end-to-end scenario (tests/e2e/CLIENT_SCENARIO.md),
// step by step, through the package's public API.

const test = require('node:test');
const assert = require('node:assert/strict');
const { HitlClient, HitlError } = require('@hitl-gateway/client');
const { Stack } = require('./stack');
const { Simulator } = require('./simulator');
const { withDeadline } = require('./deadline');

const EVENT_MS = 20_000;
const JANE = 'jane.doe@example.com';
const JOHN = 'john.roe@example.com';

test('scenario: start, send, agent events across a gateway restart, end, errors', async (t) => {
  // 1. The stack, and a client with a 10 s deadline per call.
  const stack = await Stack.start();
  t.after(() => stack.dispose());
  const sim = new Simulator(stack.addresses.sim);
  const client = new HitlClient({ address: stack.addresses.grpc, timeoutMs: 10_000 });
  t.after(() => client.close());

  // 2. Start a handoff; the chat has the customer and the transcript.
  const session = await client.start({
    user: { id: 'e2e-node', name: 'Ada Node', email: 'ada@example.com' },
    title: 'E2E node',
    description: 'scenario',
    transcript: [
      { role: 'user', text: 'I need help' },
      { role: 'bot', text: 'Connecting you to a human' },
    ],
    properties: { lang: 'node' },
  });
  assert.ok(session.sessionId, 'session id');
  assert.ok(session.chatId, 'chat id');
  const chat = await sim.chat(session.chatId);
  const customer = chat.users.find((u) => u.type === 'customer');
  assert.equal(customer.id, session.customerId);
  assert.equal(customer.name, 'Ada Node');
  const texts = chat.threads.at(-1).events.map((e) => e.text);
  const userLine = texts.indexOf('I need help');
  assert.ok(userLine >= 0 && texts.indexOf('Connecting you to a human') > userLine, `${texts}`);
  assert.equal(chat.threads.at(-1).events[userLine].author_id, session.customerId);

  // 3. The agent-event iterator of this session, from its start.
  const events = client.events({ sessionIds: [session.sessionId] });
  const seen = [];
  const nextEvent = async (what) => {
    const { value, done } = await withDeadline(events.next(), EVENT_MS, what);
    assert.ok(!done, `the stream ended before ${what}`);
    seen.push(value);
    return value;
  };

  // 4. Send a message: it is the chat's last event, from the customer.
  const eventIds = await client.send(session.sessionId, 'hello from node');
  assert.equal(eventIds.length, 1);
  const lastEvent = (await sim.chat(session.chatId)).threads.at(-1).events.at(-1);
  assert.equal(lastEvent.text, 'hello from node');
  assert.equal(lastEvent.author_id, session.customerId);

  // 5. The routing at start: transferred to Jane.
  const routed = await nextEvent('the transfer at start');
  assert.equal(routed.kind, 'chatTransferred');
  assert.deepEqual(routed.chatTransferred.agentIds, [JANE]);

  // 6. The agent replies.
  await sim.agentMessage(session.chatId, 'agent reply 1');
  const reply = await nextEvent('agent reply 1');
  assert.equal(reply.kind, 'agentMessage');
  assert.equal(reply.agentMessage.text, 'agent reply 1');
  assert.equal(reply.agentMessage.agentId, JANE);

  // 7. Transfer to John.
  await sim.transfer(session.chatId, [JOHN]);
  const transferred = await nextEvent('the transfer to John');
  assert.equal(transferred.kind, 'chatTransferred');
  assert.deepEqual(transferred.chatTransferred.agentIds, [JOHN]);

  // 8. The gateway restarts under the open iterator. The webhook of "during
  // restart" may meet no gateway and come again on the simulator's retry:
  // that retry must land before "after restart" is written, since the
  // gateway journals agent events in the order their webhooks arrive.
  const restarted = stack.command('restart');
  const { event_id: duringId } = await sim.agentMessage(session.chatId, 'during restart');
  assert.deepEqual(await restarted, { restarted: true, error: '' });
  await sim.webhookDelivered(duringId);
  await sim.agentMessage(session.chatId, 'after restart');
  const during = await nextEvent('"during restart"');
  assert.equal(during.agentMessage?.text, 'during restart');
  const after = await nextEvent('"after restart"');
  assert.equal(after.agentMessage?.text, 'after restart');

  // 9. The agent closes the chat: the session ends, and so does the stream.
  await sim.close(session.chatId, JANE);
  const ended = await nextEvent('the end of the session');
  assert.equal(ended.kind, 'sessionEnded');
  assert.equal(ended.sessionEnded.endedBy, 'ENDED_BY_AGENT');
  const finished = await withDeadline(events.next(), EVENT_MS, 'the stream to finish');
  assert.ok(finished.done, `an event after the end: ${JSON.stringify(finished.value)}`);

  // Across the run: cursors strictly increase, so no event came twice.
  for (let i = 1; i < seen.length; i++) {
    assert.ok(seen[i].cursor > seen[i - 1].cursor, `cursor ${i}: ${seen[i].cursor}`);
  }
  assert.equal(events.cursor, ended.cursor);
  assert.equal(seen.filter((e) => e.agentMessage?.text === 'during restart').length, 1);
  assert.equal(seen.filter((e) => e.agentMessage?.text === 'after restart').length, 1);

  // 10. The session is ended, by the agent.
  const final = await client.get(session.sessionId);
  assert.equal(final.state, 'SESSION_STATE_ENDED');
  assert.equal(final.endedBy, 'ENDED_BY_AGENT');

  // 11. Errors carry their code and ErrorInfo reason.
  await assert.rejects(client.get('no-such-session'), (error) => {
    assert.ok(error instanceof HitlError);
    assert.equal(error.codeName, 'NOT_FOUND');
    assert.equal(error.code, 5);
    assert.equal(error.reason, 'SESSION_NOT_FOUND');
    return true;
  });
  await assert.rejects(client.send(session.sessionId, 'too late'), (error) => {
    assert.ok(error instanceof HitlError);
    assert.equal(error.codeName, 'FAILED_PRECONDITION');
    assert.equal(error.reason, 'SESSION_ENDED');
    return true;
  });

  // 12. The gateway shuts down cleanly.
  client.close();
  assert.equal(await stack.stop(), 0, 'gateway exit status');
});
