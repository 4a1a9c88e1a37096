// Compiled with `tsc --noEmit` against the installed package by run-e2e:
// the shipped types must describe the API as the README shows it.
import { readFileSync } from 'node:fs';
import {
  HitlClient,
  HitlError,
  type AgentEvent,
  type AgentEventStream,
  type Session,
  type SessionState,
} from '@hitl-gateway/client';

async function bot(): Promise<void> {
  const client = new HitlClient({
    address: '127.0.0.1:50051',
    token: 'secret',
    tls: { rootCerts: readFileSync('ca.pem') },
    timeoutMs: 5_000,
  });
  const session: Session = await client.start({
    user: { id: 'u-42', name: 'Ada', email: 'ada@example.com' },
    title: 'Refund',
    description: 'Parcel lost',
    transcript: [
      { role: 'user', text: 'My parcel never came' },
      { role: 'bot', text: 'Let me get a human' },
    ],
    properties: { plan: 'gold' },
    groupId: 7,
    requestId: 'a-uuid',
  });
  const state: SessionState = session.state;
  const ids: string[] = await client.send(session.sessionId, 'Order 4411', { requestId: 'b-uuid' });
  const events: AgentEventStream = client.events({ sessionIds: [session.sessionId], afterCursor: '' });
  for await (const event of events) {
    const e: AgentEvent = event;
    switch (e.kind) {
      case 'agentMessage':
        console.log(e.agentMessage?.agentId, e.agentMessage?.text.length);
        break;
      case 'sessionEnded':
        console.log(e.sessionEnded?.endedBy === 'ENDED_BY_AGENT');
        break;
    }
    const cursor: string = events.cursor;
    if (cursor > '9') events.close();
  }
  try {
    await client.stop(session.sessionId, 'resolved');
    await client.get('no-such-session');
  } catch (error) {
    if (error instanceof HitlError) {
      const code: number = error.code;
      const names: string[] = [error.codeName, error.reason, error.message, ...Object.values(error.metadata)];
      console.log(code, names, state, ids);
    }
  }
  client.close();
}

void bot;
