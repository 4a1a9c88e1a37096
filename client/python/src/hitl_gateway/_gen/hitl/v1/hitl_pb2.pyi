import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class AuthorRole(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    AUTHOR_ROLE_UNSPECIFIED: _ClassVar[AuthorRole]
    AUTHOR_ROLE_USER: _ClassVar[AuthorRole]
    AUTHOR_ROLE_BOT: _ClassVar[AuthorRole]

class TransferReason(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    TRANSFER_REASON_UNSPECIFIED: _ClassVar[TransferReason]
    TRANSFER_REASON_MANUAL: _ClassVar[TransferReason]
    TRANSFER_REASON_INACTIVE: _ClassVar[TransferReason]
    TRANSFER_REASON_ASSIGNED: _ClassVar[TransferReason]
    TRANSFER_REASON_UNASSIGNED: _ClassVar[TransferReason]
    TRANSFER_REASON_OTHER: _ClassVar[TransferReason]

class EndedBy(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ENDED_BY_UNSPECIFIED: _ClassVar[EndedBy]
    ENDED_BY_AGENT: _ClassVar[EndedBy]
    ENDED_BY_BOT: _ClassVar[EndedBy]
    ENDED_BY_LIVECHAT: _ClassVar[EndedBy]

class SessionState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SESSION_STATE_UNSPECIFIED: _ClassVar[SessionState]
    SESSION_STATE_WAITING: _ClassVar[SessionState]
    SESSION_STATE_ACTIVE: _ClassVar[SessionState]
    SESSION_STATE_ENDED: _ClassVar[SessionState]
AUTHOR_ROLE_UNSPECIFIED: AuthorRole
AUTHOR_ROLE_USER: AuthorRole
AUTHOR_ROLE_BOT: AuthorRole
TRANSFER_REASON_UNSPECIFIED: TransferReason
TRANSFER_REASON_MANUAL: TransferReason
TRANSFER_REASON_INACTIVE: TransferReason
TRANSFER_REASON_ASSIGNED: TransferReason
TRANSFER_REASON_UNASSIGNED: TransferReason
TRANSFER_REASON_OTHER: TransferReason
ENDED_BY_UNSPECIFIED: EndedBy
ENDED_BY_AGENT: EndedBy
ENDED_BY_BOT: EndedBy
ENDED_BY_LIVECHAT: EndedBy
SESSION_STATE_UNSPECIFIED: SessionState
SESSION_STATE_WAITING: SessionState
SESSION_STATE_ACTIVE: SessionState
SESSION_STATE_ENDED: SessionState

class EndUser(_message.Message):
    __slots__ = ("id", "name", "email")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    email: str
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., email: _Optional[str] = ...) -> None: ...

class TranscriptMessage(_message.Message):
    __slots__ = ("role", "text", "time")
    ROLE_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    TIME_FIELD_NUMBER: _ClassVar[int]
    role: AuthorRole
    text: str
    time: _timestamp_pb2.Timestamp
    def __init__(self, role: _Optional[_Union[AuthorRole, str]] = ..., text: _Optional[str] = ..., time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class StartHitlRequest(_message.Message):
    __slots__ = ("user", "title", "description", "transcript", "properties", "group_id", "request_id")
    class PropertiesEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    USER_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    TRANSCRIPT_FIELD_NUMBER: _ClassVar[int]
    PROPERTIES_FIELD_NUMBER: _ClassVar[int]
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    user: EndUser
    title: str
    description: str
    transcript: _containers.RepeatedCompositeFieldContainer[TranscriptMessage]
    properties: _containers.ScalarMap[str, str]
    group_id: int
    request_id: str
    def __init__(self, user: _Optional[_Union[EndUser, _Mapping]] = ..., title: _Optional[str] = ..., description: _Optional[str] = ..., transcript: _Optional[_Iterable[_Union[TranscriptMessage, _Mapping]]] = ..., properties: _Optional[_Mapping[str, str]] = ..., group_id: _Optional[int] = ..., request_id: _Optional[str] = ...) -> None: ...

class StartHitlResponse(_message.Message):
    __slots__ = ("session",)
    SESSION_FIELD_NUMBER: _ClassVar[int]
    session: Session
    def __init__(self, session: _Optional[_Union[Session, _Mapping]] = ...) -> None: ...

class SendMessageRequest(_message.Message):
    __slots__ = ("session_id", "text", "request_id")
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    session_id: str
    text: str
    request_id: str
    def __init__(self, session_id: _Optional[str] = ..., text: _Optional[str] = ..., request_id: _Optional[str] = ...) -> None: ...

class SendMessageResponse(_message.Message):
    __slots__ = ("event_ids",)
    EVENT_IDS_FIELD_NUMBER: _ClassVar[int]
    event_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, event_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class StopHitlRequest(_message.Message):
    __slots__ = ("session_id", "reason")
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    session_id: str
    reason: str
    def __init__(self, session_id: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class StopHitlResponse(_message.Message):
    __slots__ = ("session",)
    SESSION_FIELD_NUMBER: _ClassVar[int]
    session: Session
    def __init__(self, session: _Optional[_Union[Session, _Mapping]] = ...) -> None: ...

class GetSessionRequest(_message.Message):
    __slots__ = ("session_id",)
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    session_id: str
    def __init__(self, session_id: _Optional[str] = ...) -> None: ...

class GetSessionResponse(_message.Message):
    __slots__ = ("session",)
    SESSION_FIELD_NUMBER: _ClassVar[int]
    session: Session
    def __init__(self, session: _Optional[_Union[Session, _Mapping]] = ...) -> None: ...

class SubscribeAgentEventsRequest(_message.Message):
    __slots__ = ("session_ids", "after_cursor")
    SESSION_IDS_FIELD_NUMBER: _ClassVar[int]
    AFTER_CURSOR_FIELD_NUMBER: _ClassVar[int]
    session_ids: _containers.RepeatedScalarFieldContainer[str]
    after_cursor: str
    def __init__(self, session_ids: _Optional[_Iterable[str]] = ..., after_cursor: _Optional[str] = ...) -> None: ...

class AgentEvent(_message.Message):
    __slots__ = ("cursor", "session_id", "chat_id", "time", "agent_message", "agent_file", "chat_transferred", "session_ended")
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    CHAT_ID_FIELD_NUMBER: _ClassVar[int]
    TIME_FIELD_NUMBER: _ClassVar[int]
    AGENT_MESSAGE_FIELD_NUMBER: _ClassVar[int]
    AGENT_FILE_FIELD_NUMBER: _ClassVar[int]
    CHAT_TRANSFERRED_FIELD_NUMBER: _ClassVar[int]
    SESSION_ENDED_FIELD_NUMBER: _ClassVar[int]
    cursor: str
    session_id: str
    chat_id: str
    time: _timestamp_pb2.Timestamp
    agent_message: AgentMessage
    agent_file: AgentFile
    chat_transferred: ChatTransferred
    session_ended: SessionEnded
    def __init__(self, cursor: _Optional[str] = ..., session_id: _Optional[str] = ..., chat_id: _Optional[str] = ..., time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., agent_message: _Optional[_Union[AgentMessage, _Mapping]] = ..., agent_file: _Optional[_Union[AgentFile, _Mapping]] = ..., chat_transferred: _Optional[_Union[ChatTransferred, _Mapping]] = ..., session_ended: _Optional[_Union[SessionEnded, _Mapping]] = ...) -> None: ...

class AgentMessage(_message.Message):
    __slots__ = ("agent_id", "text", "event_id")
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    agent_id: str
    text: str
    event_id: str
    def __init__(self, agent_id: _Optional[str] = ..., text: _Optional[str] = ..., event_id: _Optional[str] = ...) -> None: ...

class AgentFile(_message.Message):
    __slots__ = ("agent_id", "url", "name", "content_type", "size", "event_id", "alternative_text")
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    URL_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    CONTENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    SIZE_FIELD_NUMBER: _ClassVar[int]
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    ALTERNATIVE_TEXT_FIELD_NUMBER: _ClassVar[int]
    agent_id: str
    url: str
    name: str
    content_type: str
    size: int
    event_id: str
    alternative_text: str
    def __init__(self, agent_id: _Optional[str] = ..., url: _Optional[str] = ..., name: _Optional[str] = ..., content_type: _Optional[str] = ..., size: _Optional[int] = ..., event_id: _Optional[str] = ..., alternative_text: _Optional[str] = ...) -> None: ...

class QueuePosition(_message.Message):
    __slots__ = ("position", "wait_time_seconds", "queued_time")
    POSITION_FIELD_NUMBER: _ClassVar[int]
    WAIT_TIME_SECONDS_FIELD_NUMBER: _ClassVar[int]
    QUEUED_TIME_FIELD_NUMBER: _ClassVar[int]
    position: int
    wait_time_seconds: int
    queued_time: _timestamp_pb2.Timestamp
    def __init__(self, position: _Optional[int] = ..., wait_time_seconds: _Optional[int] = ..., queued_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ChatTransferred(_message.Message):
    __slots__ = ("agent_ids", "group_ids", "reason", "raw_reason", "queue")
    AGENT_IDS_FIELD_NUMBER: _ClassVar[int]
    GROUP_IDS_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    RAW_REASON_FIELD_NUMBER: _ClassVar[int]
    QUEUE_FIELD_NUMBER: _ClassVar[int]
    agent_ids: _containers.RepeatedScalarFieldContainer[str]
    group_ids: _containers.RepeatedScalarFieldContainer[int]
    reason: TransferReason
    raw_reason: str
    queue: QueuePosition
    def __init__(self, agent_ids: _Optional[_Iterable[str]] = ..., group_ids: _Optional[_Iterable[int]] = ..., reason: _Optional[_Union[TransferReason, str]] = ..., raw_reason: _Optional[str] = ..., queue: _Optional[_Union[QueuePosition, _Mapping]] = ...) -> None: ...

class SessionEnded(_message.Message):
    __slots__ = ("ended_by", "reason", "agent_id")
    ENDED_BY_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    ended_by: EndedBy
    reason: str
    agent_id: str
    def __init__(self, ended_by: _Optional[_Union[EndedBy, str]] = ..., reason: _Optional[str] = ..., agent_id: _Optional[str] = ...) -> None: ...

class Session(_message.Message):
    __slots__ = ("session_id", "chat_id", "thread_id", "customer_id", "state", "agent_ids", "create_time", "end_time", "end_reason", "ended_by", "group_id", "user_id")
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    CHAT_ID_FIELD_NUMBER: _ClassVar[int]
    THREAD_ID_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    AGENT_IDS_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    END_REASON_FIELD_NUMBER: _ClassVar[int]
    ENDED_BY_FIELD_NUMBER: _ClassVar[int]
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    session_id: str
    chat_id: str
    thread_id: str
    customer_id: str
    state: SessionState
    agent_ids: _containers.RepeatedScalarFieldContainer[str]
    create_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    end_reason: str
    ended_by: EndedBy
    group_id: int
    user_id: str
    def __init__(self, session_id: _Optional[str] = ..., chat_id: _Optional[str] = ..., thread_id: _Optional[str] = ..., customer_id: _Optional[str] = ..., state: _Optional[_Union[SessionState, str]] = ..., agent_ids: _Optional[_Iterable[str]] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_reason: _Optional[str] = ..., ended_by: _Optional[_Union[EndedBy, str]] = ..., group_id: _Optional[int] = ..., user_id: _Optional[str] = ...) -> None: ...
