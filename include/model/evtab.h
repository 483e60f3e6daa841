/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The event table: every event name amitui knows, with its class, role and summary template. */
#ifndef AMITUI_MODEL_EVTAB_H
#define AMITUI_MODEL_EVTAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/message.h"
#include "core/perms.h"
#include "core/str.h"

/*
 * What an event means to the call table (calltab.h). One X-macro, so the enum, the
 * names and the dispatch cannot drift apart. _(NAME)
 */
#define EVTAB_ROLE_INFO(_)                                                                    \
	_(NONE)		  /* nothing to track */                                              \
	_(CHAN_NEW)	  /* Newchannel: a channel is born */                                 \
	_(CHAN_STATE)	  /* Newstate: ChannelState changed */                                \
	_(CALLERID)	  /* NewCallerid: CallerIDNum/Name */                                 \
	_(CONNECTED)	  /* NewConnectedLine: ConnectedLineNum/Name */                       \
	_(RENAME)	  /* Rename: Channel -> Newname */                                    \
	_(HANGUP)	  /* Hangup: Cause, Cause-txt; the channel lingers, then goes */      \
	_(DIAL_BEGIN)	  /* DialBegin: Channel dials DestChannel (DialString) */             \
	_(DIAL_END)	  /* DialEnd: DialStatus */                                           \
	_(BRIDGE_CREATE)  /* BridgeCreate */                                                  \
	_(BRIDGE_DESTROY) /* BridgeDestroy */                                                 \
	_(BRIDGE_ENTER)	  /* BridgeEnter: Channel joins BridgeUniqueid */                     \
	_(BRIDGE_LEAVE)	  /* BridgeLeave */                                                   \
	_(HOLD)		  /* Hold */                                                          \
	_(UNHOLD)	  /* Unhold */                                                        \
	_(NEWEXTEN)	  /* Newexten: Application/AppData, Context/Exten */                  \
	_(ORIGINATE)	  /* OriginateResponse: Response, Reason for an originated channel */ \
	_(CDR)		  /* Cdr: BillableSeconds/Disposition for UniqueID */                 \
	_(SNAPSHOT)	  /* CoreShowChannel / Status list items: full channel state (resync) */

enum evtab_role {
#define EVTAB_ROLE_ENUM(name) EVTAB_ROLE_##name,
	EVTAB_ROLE_INFO(EVTAB_ROLE_ENUM)
#undef EVTAB_ROLE_ENUM
	    EVTAB_ROLE_COUNT
};

/* "CHAN_NEW"; "?" when out of range. */
const char *evtab_role_name(enum evtab_role r);

/*
 * How the summary column is made (evsum.h):
 * - TEMPLATE: the template string below;
 * - USEREVENT: the UserEvent name, then its custom headers as k=v;
 * - SECURITY: the account, the remote address and the event's meaning (the template);
 * - DEFAULT: the first few non-standard headers as k=v.
 */
#define EVTAB_SUM_INFO(_) \
	_(TEMPLATE)       \
	_(USEREVENT)      \
	_(SECURITY)       \
	_(DEFAULT)

enum evtab_sum {
#define EVTAB_SUM_ENUM(name) EVTAB_SUM_##name,
	EVTAB_SUM_INFO(EVTAB_SUM_ENUM)
#undef EVTAB_SUM_ENUM
};

/*
 * Summary templates: literal text with {Header} replaced by that header's value, and
 * [ ... ] an optional segment dropped when any header inside it is absent, empty or
 * "<unknown>". {Header} outside brackets shows "?" when absent. \[ \] \{ \} escape.
 *
 * Classes are as ami-reference §8.2 (what Asterisk puts in Privilege:). For events
 * that carry no Privilege: (list items written by an action) the class is the one
 * of the action's data: channel list items (CoreShowChannel, Status) are "call"
 * because they describe calls and the console shows them with the calls; queue and
 * agent list items are "agent"; system-state lists (DB, PJSIP, modules) "system";
 * bridge lists "call"; *Complete events take the class of their items. A received
 * Privilege: always wins over this table (Status carries "Privilege: Call").
 *
 * _("Name", class bits, role, summary kind, "template")
 * (names are strings: AOC-S is not a C identifier)
 */
#define EVTAB_CHAN "{Channel}"
#define EVTAB_CALLER "[ <{CallerIDNum}>][ \"{CallerIDName}\"]"
#define EVTAB_INFO(_)                                                                              \
	/* channels (call) */                                                                      \
	_("Newchannel", AMI_PERM_CALL, CHAN_NEW, TEMPLATE,                                         \
	  EVTAB_CHAN " {ChannelStateDesc}" EVTAB_CALLER "[ {Context},{Exten}]")                    \
	_("Newstate", AMI_PERM_CALL, CHAN_STATE, TEMPLATE,                                         \
	  EVTAB_CHAN " {ChannelStateDesc}" EVTAB_CALLER)                                           \
	_("NewCallerid", AMI_PERM_CALL, CALLERID, TEMPLATE,                                        \
	  EVTAB_CHAN EVTAB_CALLER "[ ({CID-CallingPres})]")                                        \
	_("NewConnectedLine", AMI_PERM_CALL, CONNECTED, TEMPLATE,                                  \
	  EVTAB_CHAN " connected to[ <{ConnectedLineNum}>][ \"{ConnectedLineName}\"]")             \
	_("NewAccountCode", AMI_PERM_CALL, NONE, TEMPLATE, EVTAB_CHAN " account {AccountCode}")    \
	_("Rename", AMI_PERM_CALL, RENAME, TEMPLATE, EVTAB_CHAN " -> {Newname}")                   \
	_("Hangup", AMI_PERM_CALL, HANGUP, TEMPLATE,                                               \
	  EVTAB_CHAN " cause {Cause}[ {Cause-txt}]" EVTAB_CALLER)                                  \
	_("HangupRequest", AMI_PERM_CALL, NONE, TEMPLATE, EVTAB_CHAN "[ cause {Cause}]")           \
	_("SoftHangupRequest", AMI_PERM_CALL, NONE, TEMPLATE, EVTAB_CHAN "[ cause {Cause}]")       \
	_("DialBegin", AMI_PERM_CALL, DIAL_BEGIN, TEMPLATE,                                        \
	  "[{Channel} ]-> {DestChannel}[ ({DialString})]")                                         \
	_("DialState", AMI_PERM_CALL, NONE, TEMPLATE, "[{Channel} ]-> {DestChannel} {DialStatus}") \
	_("DialEnd", AMI_PERM_CALL, DIAL_END, TEMPLATE,                                            \
	  "[{Channel} ]-> {DestChannel} {DialStatus}")                                             \
	_("BridgeCreate", AMI_PERM_CALL, BRIDGE_CREATE, TEMPLATE,                                  \
	  "bridge {BridgeUniqueid}[ {BridgeType}][ {BridgeTechnology}]")                           \
	_("BridgeDestroy", AMI_PERM_CALL, BRIDGE_DESTROY, TEMPLATE, "bridge {BridgeUniqueid}")     \
	_("BridgeMerge", AMI_PERM_CALL, NONE, TEMPLATE,                                            \
	  "bridge {FromBridgeUniqueid} -> {ToBridgeUniqueid}")                                     \
	_("BridgeVideoSourceUpdate", AMI_PERM_CALL, NONE, TEMPLATE, "bridge {BridgeUniqueid}")     \
	_("BridgeEnter", AMI_PERM_CALL, BRIDGE_ENTER, TEMPLATE,                                    \
	  EVTAB_CHAN " entered bridge {BridgeUniqueid}[ ({BridgeNumChannels} in)]")                \
	_("BridgeLeave", AMI_PERM_CALL, BRIDGE_LEAVE, TEMPLATE,                                    \
	  EVTAB_CHAN " left bridge {BridgeUniqueid}[ ({BridgeNumChannels} in)]")                   \
	_("BlindTransfer", AMI_PERM_CALL, NONE, TEMPLATE,                                          \
	  "[{TransfererChannel} ]-> {Extension}@{Context}[ {Result}]")                             \
	_("AttendedTransfer", AMI_PERM_CALL, NONE, TEMPLATE,                                       \
	  "[{OrigTransfererChannel} ][+ {SecondTransfererChannel} ]{DestType}[ {Result}]")         \
	_("LocalBridge", AMI_PERM_CALL, NONE, TEMPLATE,                                            \
	  "{LocalOneChannel} <-> {LocalTwoChannel}[ optimize {LocalOptimization}]")                \
	_("LocalOptimizationBegin", AMI_PERM_CALL, NONE, TEMPLATE,                                 \
	  "{LocalOneChannel} <-> {LocalTwoChannel}")                                               \
	_("LocalOptimizationEnd", AMI_PERM_CALL, NONE, TEMPLATE,                                   \
	  "{LocalOneChannel} <-> {LocalTwoChannel}[ success {Success}]")                           \
	_("Hold", AMI_PERM_CALL, HOLD, TEMPLATE, EVTAB_CHAN " on hold[ ({MusicClass})]")           \
	_("Unhold", AMI_PERM_CALL, UNHOLD, TEMPLATE, EVTAB_CHAN " off hold")                       \
	_("MusicOnHoldStart", AMI_PERM_CALL, NONE, TEMPLATE, EVTAB_CHAN "[ class {Class}]")        \
	_("MusicOnHoldStop", AMI_PERM_CALL, NONE, TEMPLATE, EVTAB_CHAN)                            \
	_("ChanSpyStart", AMI_PERM_CALL, NONE, TEMPLATE, "{SpyerChannel} spies on {SpyeeChannel}") \
	_("ChanSpyStop", AMI_PERM_CALL, NONE, TEMPLATE, "[{SpyerChannel} ]stops spying")           \
	_("ChannelTalkingStart", AMI_PERM_CALL, NONE, TEMPLATE, EVTAB_CHAN " talking")             \
	_("ChannelTalkingStop", AMI_PERM_CALL, NONE, TEMPLATE,                                     \
	  EVTAB_CHAN " silent[ after {Duration} ms]")                                              \
	_("Pickup", AMI_PERM_CALL, NONE, TEMPLATE, EVTAB_CHAN " picks up {TargetChannel}")         \
	_("OriginateResponse", AMI_PERM_CALL, ORIGINATE, TEMPLATE,                                 \
	  "{Response} {Channel}[ {Context},{Exten}][ {Application}({Data})] reason {Reason}")      \
	_("ExtensionStatus", AMI_PERM_CALL, NONE, TEMPLATE,                                        \
	  "{Exten}@{Context}[ {StatusText}][ hint {Hint}]")                                        \
	_("DeviceStateChange", AMI_PERM_CALL, NONE, TEMPLATE, "{Device} {State}")                  \
	_("PresenceStateChange", AMI_PERM_CALL, NONE, TEMPLATE,                                    \
	  "{Presentity} {Status}[ {Subtype}][ {Message}]")                                         \
	_("MessageWaiting", AMI_PERM_CALL, NONE, TEMPLATE,                                         \
	  "{Mailbox} waiting {Waiting}[ new {New}][ old {Old}]")                                   \
	_("CEL", AMI_PERM_CALL, NONE, TEMPLATE, "{EventName}[ {Channel}][ {Application}]")         \
	_("MixMonitorStart", AMI_PERM_CALL, NONE, TEMPLATE, EVTAB_CHAN)                            \
	_("MixMonitorStop", AMI_PERM_CALL, NONE, TEMPLATE, EVTAB_CHAN)                             \
	_("MixMonitorMute", AMI_PERM_CALL, NONE, TEMPLATE, EVTAB_CHAN "[ {Direction}][ {State}]")  \
	_("ParkedCall", AMI_PERM_CALL, NONE, TEMPLATE,                                             \
	  "{ParkeeChannel} parked at {ParkingSpace}[ in {Parkinglot}]")                            \
	_("UnParkedCall", AMI_PERM_CALL, NONE, TEMPLATE,                                           \
	  "{ParkeeChannel} unparked[ by {RetrieverChannel}]")                                      \
	_("ParkedCallTimeOut", AMI_PERM_CALL, NONE, TEMPLATE, "{ParkeeChannel} timed out")         \
	_("ParkedCallGiveUp", AMI_PERM_CALL, NONE, TEMPLATE, "{ParkeeChannel} gave up")            \
	_("ParkedCallSwap", AMI_PERM_CALL, NONE, TEMPLATE, "{ParkeeChannel} swapped")              \
	_("ConfbridgeStart", AMI_PERM_CALL, NONE, TEMPLATE, "conference {Conference}")             \
	_("ConfbridgeEnd", AMI_PERM_CALL, NONE, TEMPLATE, "conference {Conference}")               \
	_("ConfbridgeJoin", AMI_PERM_CALL, NONE, TEMPLATE, EVTAB_CHAN " joined {Conference}")      \
	_("ConfbridgeLeave", AMI_PERM_CALL, NONE, TEMPLATE, EVTAB_CHAN " left {Conference}")       \
	_("ConfbridgeMute", AMI_PERM_CALL, NONE, TEMPLATE, EVTAB_CHAN " muted in {Conference}")    \
	_("ConfbridgeUnmute", AMI_PERM_CALL, NONE, TEMPLATE,                                       \
	  EVTAB_CHAN " unmuted in {Conference}")                                                   \
	_("ConfbridgeTalking", AMI_PERM_CALL, NONE, TEMPLATE,                                      \
	  EVTAB_CHAN " talking {TalkingStatus} in {Conference}")                                   \
	_("ConfbridgeRecord", AMI_PERM_CALL, NONE, TEMPLATE, "conference {Conference} recording")  \
	_("ConfbridgeStopRecord", AMI_PERM_CALL, NONE, TEMPLATE,                                   \
	  "conference {Conference} stopped recording")                                             \
	_("MeetmeJoin", AMI_PERM_CALL, NONE, TEMPLATE, EVTAB_CHAN " joined {Meetme}")              \
	_("MeetmeLeave", AMI_PERM_CALL, NONE, TEMPLATE, EVTAB_CHAN " left {Meetme}")               \
	/* channel list items (replies, no Privilege:) */                                          \
	_("CoreShowChannel", AMI_PERM_CALL, SNAPSHOT, TEMPLATE,                                    \
	  EVTAB_CHAN " {ChannelStateDesc}[ {Application}({ApplicationData})][ {Duration}]")        \
	_("CoreShowChannelsComplete", AMI_PERM_CALL, NONE, TEMPLATE, "{ListItems} channels")       \
	_("CoreShowChannelMapComplete", AMI_PERM_CALL, NONE, TEMPLATE, "[{ListItems} ]channels")   \
	_("Status", AMI_PERM_CALL, SNAPSHOT, TEMPLATE,                                             \
	  EVTAB_CHAN " {ChannelStateDesc}" EVTAB_CALLER "[ {Application}({Data})]")                \
	_("StatusComplete", AMI_PERM_CALL, NONE, TEMPLATE, "{Items} channels")                     \
	_("BridgeListItem", AMI_PERM_CALL, NONE, TEMPLATE,                                         \
	  "bridge {BridgeUniqueid}[ {BridgeType}][ {BridgeNumChannels} in]")                       \
	_("BridgeListComplete", AMI_PERM_CALL, NONE, TEMPLATE, "{ListItems} bridges")              \
	_("BridgeInfoChannel", AMI_PERM_CALL, NONE, TEMPLATE, EVTAB_CHAN)                          \
	_("BridgeInfoComplete", AMI_PERM_CALL, NONE, TEMPLATE, "bridge {BridgeUniqueid}")          \
	_("ChannelHungup", AMI_PERM_CALL, NONE, TEMPLATE, EVTAB_CHAN " hung up")                   \
	_("ChannelsHungupListComplete", AMI_PERM_CALL, NONE, TEMPLATE, "{ListItems} hung up")      \
	_("DeviceStateChangeList", AMI_PERM_CALL, NONE, TEMPLATE, "{Device} {State}")              \
	_("DeviceStateListComplete", AMI_PERM_CALL, NONE, TEMPLATE, "{ListItems} devices")         \
	_("ExtensionStateListComplete", AMI_PERM_CALL, NONE, TEMPLATE, "{ListItems} extensions")   \
	_("ParkedCallsComplete", AMI_PERM_CALL, NONE, TEMPLATE, "[{Total} ]parked")                \
	/* dialplan */                                                                             \
	_("Newexten", AMI_PERM_DIALPLAN, NEWEXTEN, TEMPLATE,                                       \
	  "{Context},{Extension},{Priority} {Application}({AppData})")                             \
	_("VarSet", AMI_PERM_DIALPLAN, NONE, TEMPLATE, "{Variable}={Value}")                       \
	_("HangupHandlerPush", AMI_PERM_DIALPLAN, NONE, TEMPLATE, EVTAB_CHAN " push {Handler}")    \
	_("HangupHandlerPop", AMI_PERM_DIALPLAN, NONE, TEMPLATE, EVTAB_CHAN " pop {Handler}")      \
	_("HangupHandlerRun", AMI_PERM_DIALPLAN, NONE, TEMPLATE, EVTAB_CHAN " run {Handler}")      \
	_("ShowDialPlanComplete", AMI_PERM_DIALPLAN, NONE, TEMPLATE,                               \
	  "{ListItems} items[ {ListExtensions} extensions][ {ListContexts} contexts]")             \
	_("ListDialplan", AMI_PERM_DIALPLAN, NONE, TEMPLATE,                                       \
	  "{Context},{Extension},{Priority}[ {Application}({AppData})]")                           \
	/* dtmf */                                                                                 \
	_("DTMFBegin", AMI_PERM_DTMF, NONE, TEMPLATE, EVTAB_CHAN " digit {Digit} {Direction}")     \
	_("DTMFEnd", AMI_PERM_DTMF, NONE, TEMPLATE,                                                \
	  EVTAB_CHAN " digit {Digit} {Direction}[ {DurationMs} ms]")                               \
	/* cdr */                                                                                  \
	_("Cdr", AMI_PERM_CDR, CDR, TEMPLATE,                                                      \
	  "{Source} -> {Destination} {Disposition}[ billsec {BillableSeconds}]")                   \
	/* agent (queues, agents) */                                                               \
	_("QueueCallerJoin", AMI_PERM_AGENT, NONE, TEMPLATE,                                       \
	  EVTAB_CHAN " joined {Queue}[ pos {Position}][ count {Count}]")                           \
	_("QueueCallerLeave", AMI_PERM_AGENT, NONE, TEMPLATE,                                      \
	  EVTAB_CHAN " left {Queue}[ pos {Position}][ count {Count}]")                             \
	_("QueueCallerAbandon", AMI_PERM_AGENT, NONE, TEMPLATE,                                    \
	  EVTAB_CHAN " abandoned {Queue}[ after {HoldTime}s]")                                     \
	_("QueueMemberAdded", AMI_PERM_AGENT, NONE, TEMPLATE, "{Queue} + {MemberName}")            \
	_("QueueMemberRemoved", AMI_PERM_AGENT, NONE, TEMPLATE, "{Queue} - {MemberName}")          \
	_("QueueMemberStatus", AMI_PERM_AGENT, NONE, TEMPLATE,                                     \
	  "{Queue} {MemberName} status {Status}[ paused {Paused}][ incall {InCall}]")              \
	_("QueueMemberPause", AMI_PERM_AGENT, NONE, TEMPLATE,                                      \
	  "{Queue} {MemberName} paused {Paused}[ ({PausedReason})]")                               \
	_("QueueMemberPenalty", AMI_PERM_AGENT, NONE, TEMPLATE,                                    \
	  "{Queue} {MemberName} penalty {Penalty}")                                                \
	_("QueueMemberRinginuse", AMI_PERM_AGENT, NONE, TEMPLATE,                                  \
	  "{Queue} {MemberName} ringinuse {Ringinuse}")                                            \
	_("AgentCalled", AMI_PERM_AGENT, NONE, TEMPLATE,                                           \
	  "{Queue} rings {MemberName}[ for {CallerIDNum}]")                                        \
	_("AgentConnect", AMI_PERM_AGENT, NONE, TEMPLATE,                                          \
	  "{Queue} {MemberName} answered[ after {HoldTime}s]")                                     \
	_("AgentComplete", AMI_PERM_AGENT, NONE, TEMPLATE,                                         \
	  "{Queue} {MemberName} done[ talk {TalkTime}s][ {Reason}]")                               \
	_("AgentDump", AMI_PERM_AGENT, NONE, TEMPLATE, "{Queue} {MemberName} dumped")              \
	_("AgentRingNoAnswer", AMI_PERM_AGENT, NONE, TEMPLATE,                                     \
	  "{Queue} {MemberName} no answer[ after {RingTime} ms]")                                  \
	_("AgentLogin", AMI_PERM_AGENT, NONE, TEMPLATE, "agent {Agent} logged in")                 \
	_("AgentLogoff", AMI_PERM_AGENT, NONE, TEMPLATE,                                           \
	  "agent {Agent} logged off[ after {Logintime}s]")                                         \
	_("QueueParams", AMI_PERM_AGENT, NONE, TEMPLATE,                                           \
	  "{Queue} calls {Calls}[ holdtime {Holdtime}][ talktime {TalkTime}]")                     \
	_("QueueMember", AMI_PERM_AGENT, NONE, TEMPLATE, "{Queue} {Name}[ status {Status}]")       \
	_("QueueEntry", AMI_PERM_AGENT, NONE, TEMPLATE,                                            \
	  "{Queue} {Channel}[ pos {Position}][ wait {Wait}s]")                                     \
	_("QueueStatusComplete", AMI_PERM_AGENT, NONE, TEMPLATE, "{ListItems} items")              \
	_("QueueSummary", AMI_PERM_AGENT, NONE, TEMPLATE,                                          \
	  "{Queue} logged in {LoggedIn}[ available {Available}][ callers {Callers}]")              \
	_("QueueSummaryComplete", AMI_PERM_AGENT, NONE, TEMPLATE, "{ListItems} queues")            \
	_("Agents", AMI_PERM_AGENT, NONE, TEMPLATE, "agent {Agent} {Status}")                      \
	_("AgentsComplete", AMI_PERM_AGENT, NONE, TEMPLATE, "[{ListItems} ]agents")                \
	/* system */                                                                               \
	_("PeerStatus", AMI_PERM_SYSTEM, NONE, TEMPLATE,                                           \
	  "{Peer} {PeerStatus}[ {Cause}][ {Address}]")                                             \
	_("ContactStatus", AMI_PERM_SYSTEM, NONE, TEMPLATE,                                        \
	  "{AOR} {ContactStatus}[ {URI}][ rtt {RoundtripUsec} us]")                                \
	_("Registry", AMI_PERM_SYSTEM, NONE, TEMPLATE,                                             \
	  "{ChannelType} {Username}@{Domain} {Status}[ {Cause}]")                                  \
	_("FullyBooted", AMI_PERM_SYSTEM, NONE, TEMPLATE,                                          \
	  "{Status}[ uptime {Uptime}s][ last reload {LastReload}s]")                               \
	_("Shutdown", AMI_PERM_SYSTEM, NONE, TEMPLATE, "{Shutdown}[ restart {Restart}]")           \
	_("Reload", AMI_PERM_SYSTEM, NONE, TEMPLATE, "{Module}[ status {Status}]")                 \
	_("Load", AMI_PERM_SYSTEM, NONE, TEMPLATE, "{Module}[ {Status}]")                          \
	_("Unload", AMI_PERM_SYSTEM, NONE, TEMPLATE, "{Module}[ {Status}]")                        \
	_("LogChannel", AMI_PERM_SYSTEM, NONE, TEMPLATE,                                           \
	  "{Channel} enabled {Enabled}[ ({Reason})]")                                              \
	_("Alarm", AMI_PERM_SYSTEM, NONE, TEMPLATE, "[{DAHDIChannel} ]{Alarm}")                    \
	_("AlarmClear", AMI_PERM_SYSTEM, NONE, TEMPLATE, "[{DAHDIChannel} ]cleared")               \
	_("SpanAlarm", AMI_PERM_SYSTEM, NONE, TEMPLATE, "span {Span} {Alarm}")                     \
	_("SpanAlarmClear", AMI_PERM_SYSTEM, NONE, TEMPLATE, "span {Span} cleared")                \
	_("DNDState", AMI_PERM_SYSTEM, NONE, TEMPLATE, "{DAHDIChannel} DND {Status}")              \
	_("DBGetResponse", AMI_PERM_SYSTEM, NONE, TEMPLATE, "{Family}/{Key}={Val}")                \
	_("DBGetTreeResponse", AMI_PERM_SYSTEM, NONE, TEMPLATE, "{Family}/{Key}={Val}")            \
	_("DBGetComplete", AMI_PERM_SYSTEM, NONE, TEMPLATE, "[{ListItems} ]entries")               \
	_("EndpointList", AMI_PERM_SYSTEM, NONE, TEMPLATE,                                         \
	  "{ObjectName} {DeviceState}[ {Contacts}]")                                               \
	_("EndpointListComplete", AMI_PERM_SYSTEM, NONE, TEMPLATE, "{ListItems} endpoints")        \
	_("ContactStatusDetail", AMI_PERM_SYSTEM, NONE, TEMPLATE, "{AOR} {Status}[ {URI}]")        \
	_("AorList", AMI_PERM_SYSTEM, NONE, TEMPLATE, "{ObjectName}")                              \
	_("AuthList", AMI_PERM_SYSTEM, NONE, TEMPLATE, "{ObjectName}")                             \
	_("ContactList", AMI_PERM_SYSTEM, NONE, TEMPLATE, "{ObjectName}[ {Status}]")               \
	_("VoicemailPasswordChange", AMI_PERM_SYSTEM | AMI_PERM_USER, NONE, TEMPLATE,              \
	  "{Mailbox}@{Context}")                                                                   \
	/* user */                                                                                 \
	_("UserEvent", AMI_PERM_USER, NONE, USEREVENT, "")                                         \
	/* reporting */                                                                            \
	_("RTCPSent", AMI_PERM_REPORTING, NONE, TEMPLATE, EVTAB_CHAN " to {To}[ ssrc {SSRC}]")     \
	_("RTCPReceived", AMI_PERM_REPORTING, NONE, TEMPLATE,                                      \
	  EVTAB_CHAN " from {From}[ ssrc {SSRC}]")                                                 \
	_("TestEvent", AMI_PERM_REPORTING, NONE, TEMPLATE, "{Type} {State}[ {AppFunction}]")       \
	/* agi */                                                                                  \
	_("AGIExecStart", AMI_PERM_AGI, NONE, TEMPLATE, EVTAB_CHAN " {Command}")                   \
	_("AGIExecEnd", AMI_PERM_AGI, NONE, TEMPLATE,                                              \
	  EVTAB_CHAN " {Command} -> {ResultCode}[ {Result}]")                                      \
	_("AsyncAGIStart", AMI_PERM_AGI, NONE, TEMPLATE, EVTAB_CHAN " started")                    \
	_("AsyncAGIExec", AMI_PERM_AGI, NONE, TEMPLATE, EVTAB_CHAN "[ {CommandID}] {Result}")      \
	_("AsyncAGIEnd", AMI_PERM_AGI, NONE, TEMPLATE, EVTAB_CHAN " ended")                        \
	/* cc */                                                                                   \
	_("CCAvailable", AMI_PERM_CC, NONE, TEMPLATE, "{CallerChannel}[ core {CoreID}]")           \
	_("CCOfferTimerStart", AMI_PERM_CC, NONE, TEMPLATE, "{CallerChannel}[ core {CoreID}]")     \
	_("CCRequested", AMI_PERM_CC, NONE, TEMPLATE, "{Caller} -> {Callee}")                      \
	_("CCRequestAcknowledged", AMI_PERM_CC, NONE, TEMPLATE, "{Caller} -> {Callee}")            \
	_("CCFailure", AMI_PERM_CC, NONE, TEMPLATE, "{Caller} -> {Callee}[ {Reason}]")             \
	/* aoc */                                                                                  \
	_("AOC-S", AMI_PERM_AOC, NONE, TEMPLATE, EVTAB_CHAN)                                       \
	_("AOC-D", AMI_PERM_AOC, NONE, TEMPLATE, EVTAB_CHAN "[ {Type}][ {TotalType}]")             \
	_("AOC-E", AMI_PERM_AOC, NONE, TEMPLATE, EVTAB_CHAN "[ {Type}]")                           \
	/* security: the template is the event's meaning */                                        \
	_("SuccessfulAuth", AMI_PERM_SECURITY, NONE, SECURITY, "login ok")                         \
	_("FailedACL", AMI_PERM_SECURITY, NONE, SECURITY, "refused by ACL")                        \
	_("InvalidAccountID", AMI_PERM_SECURITY, NONE, SECURITY, "unknown account")                \
	_("InvalidPassword", AMI_PERM_SECURITY, NONE, SECURITY, "wrong password")                  \
	_("ChallengeResponseFailed", AMI_PERM_SECURITY, NONE, SECURITY, "bad MD5 response")        \
	_("ChallengeSent", AMI_PERM_SECURITY, NONE, SECURITY, "challenge sent")                    \
	_("RequestNotAllowed", AMI_PERM_SECURITY, NONE, SECURITY, "request not allowed")           \
	_("RequestBadFormat", AMI_PERM_SECURITY, NONE, SECURITY, "badly formed request")           \
	_("RequestNotSupported", AMI_PERM_SECURITY, NONE, SECURITY, "request not supported")       \
	_("AuthMethodNotAllowed", AMI_PERM_SECURITY, NONE, SECURITY, "auth method not allowed")    \
	_("SessionLimit", AMI_PERM_SECURITY, NONE, SECURITY, "session limit reached")              \
	_("MemoryLimit", AMI_PERM_SECURITY, NONE, SECURITY, "memory limit reached")                \
	_("LoadAverageLimit", AMI_PERM_SECURITY, NONE, SECURITY, "load average limit reached")     \
	_("UnexpectedAddress", AMI_PERM_SECURITY, NONE, SECURITY, "unexpected address")            \
	_("InvalidTransport", AMI_PERM_SECURITY, NONE, SECURITY, "invalid transport")

/* One row of the table. */
struct evtab_info {
	const char *name;     /* as Asterisk writes it on the wire */
	uint32_t cls;	      /* AMI_PERM_* bits; see above for list items */
	enum evtab_role role; /* what calltab does with it */
	enum evtab_sum sum;   /* how evsum summarises it */
	const char *tmpl;     /* summary template (TEMPLATE, SECURITY) */
};

/* The whole table (static storage); *n receives its length. */
const struct evtab_info *evtab_all(size_t *n);

/* Case-insensitive lookup of an event name; NULL when the table does not know it. */
const struct evtab_info *evtab_find(struct ami_str name);

/*
 * The class of a received event: ami_perm_from_privilege(Privilege) when the header
 * is present (and names at least one known class), else the table's class, else 0.
 */
uint32_t evtab_class(struct ami_str name, struct ami_str privilege);

/*
 * The headers every consumer of an event needs, found in one pass over m's header
 * array (the first occurrence of each). Views borrow from m. Absent: p == NULL.
 */
struct evtab_keys {
	struct ami_str name;	  /* the first line's value (Event:, Response: ...) */
	struct ami_str privilege; /* Privilege: */
	struct ami_str channel;	  /* Channel: */
	struct ami_str uniqueid;  /* Uniqueid: */
	struct ami_str linkedid;  /* Linkedid: */
};

void evtab_keys(const struct ami_msg *m, struct evtab_keys *out);

#endif
