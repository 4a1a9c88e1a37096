// Compiled with `tsc --noEmit` against the installed package by run-e2e:
// the shipped types must describe the API as the README shows it.
import { readFileSync } from 'node:fs';
import {
  HitlClient,
  HitlError,
  type AgentEvent,
  type AgentEventKind,
  type AgentEventOf,
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
  const confirmed: Promise<void> = events.ready();
  await confirmed;
  for await (const event of events) {
    const e: AgentEvent = event;
    // `kind` narrows the event: the field it names is set, no `?.` needed.
    switch (e.kind) {
      case 'agentMessage':
        console.log(e.agentMessage.agentId, e.agentMessage.text.length);
        break;
      case 'agentFile':
        console.log(e.agentFile.name, e.agentFile.url);
        break;
      case 'chatTransferred':
        console.log(e.chatTransferred.agentIds.join(), e.chatTransferred.queue?.position);
        break;
      case 'sessionEnded':
        console.log(e.sessionEnded.endedBy === 'ENDED_BY_AGENT');
        break;
      case undefined:
        console.log('a kind this client does not know', e.cursor);
        break;
    }
    if (e.kind === 'agentMessage') {
      const text: string = e.agentMessage.text;
      const other: undefined = e.sessionEnded;
      console.log(text, other);
    }
    // Without narrowing, every kind's field may be absent.
    const maybeText: string | undefined = e.agentMessage?.text;
    // @ts-expect-error: not narrowed, agentMessage may be undefined
    console.log(e.agentMessage.text, maybeText);
    const kind: AgentEventKind | undefined = e.kind;
    const common: { cursor: string; sessionId: string; chatId: string } = e;
    console.log(kind, common, e.time?.seconds);
    const cursor: string = events.cursor;
    if (cursor > '9') events.close();
  }
  const onlyMessages = (e: AgentEvent): e is AgentEventOf<'agentMessage'> => e.kind === 'agentMessage';
  const all = client.events();
  await all.ready().catch((error: unknown) => {
    if (error instanceof HitlError && error.codeName === 'DEADLINE_EXCEEDED') console.log('not in place');
  });
  for await (const e of all) {
    if (onlyMessages(e)) console.log(e.agentMessage.text);
    break;
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
