/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The action catalogue: every AMI action amitui knows, with its rights; one table for all. */
#ifndef AMITUI_CORE_CATALOG_H
#define AMITUI_CORE_CATALOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/perms.h"
#include "core/str.h"

/* Flags of a catalogue entry. */
enum {
	AMI_ACT_SIM = 1u << 0,	  /* registered by Asterisk 22.10.1 as recorded (amisim lists it) */
	AMI_ACT_RO = 1u << 1,	  /* changes nothing on the PBX: allowed for read-only profiles */
	AMI_ACT_LIST = 1u << 2,	  /* answers with an EventList */
	AMI_ACT_DANGER = 1u << 3, /* ask for confirmation, showing the wire text */
};

/*
 * _(Name, "synopsis", authority, flags, "fields")
 * Sorted case-insensitively, as Asterisk stores actions (and ListCommands prints
 * them). For AMI_ACT_SIM entries the synopsis is byte for byte what Asterisk 22.10.1
 * prints in ListCommands, trailing space included (03_perms_admin); the others are
 * our own words and never sent. authority is the registration's write authority
 * (ami-reference 4.2/4.3): any one class suffices, 0 means anyone. fields lists the
 * request headers, "*" marking required ones.
 */
#define AMI_CATALOG_INFO(_)                                                                        \
	_(AbsoluteTimeout, "Set absolute timeout. ", AMI_PERM_SYSTEM | AMI_PERM_CALL,              \
	  AMI_ACT_SIM | AMI_ACT_DANGER, "Channel*,Timeout*")                                       \
	_(AgentLogoff, "Sets an agent as no longer logged in.", AMI_PERM_AGENT, 0, "Agent*,Soft")  \
	_(Agents, "Lists agents and their status.", AMI_PERM_AGENT, AMI_ACT_RO | AMI_ACT_LIST, "") \
	_(AGI, "Add an AGI command to execute by Async AGI. ", AMI_PERM_AGI, AMI_ACT_SIM,          \
	  "Channel*,Command*,CommandID")                                                           \
	_(AOCMessage, "Generate an Advice of Charge message on a channel. ", AMI_PERM_AOC,         \
	  AMI_ACT_SIM,                                                                             \
	  "Channel,ChannelPrefix,MsgType*,ChargeType*,UnitAmount(0),UnitType(0),CurrencyName,"     \
	  "CurrencyAmount,CurrencyMultiplier,TotalType,AOCBillingId,ChargingAssociationId,"        \
	  "ChargingAssociationNumber,ChargingAssociationPlan")                                     \
	_(Atxfer, "Attended transfer. ", AMI_PERM_CALL, AMI_ACT_SIM,                               \
	  "Channel*,Exten*,Context,Priority")                                                      \
	_(BlindTransfer, "Blind transfer channel(s) to the given destination ", AMI_PERM_CALL,     \
	  AMI_ACT_SIM, "Channel*,Context,Exten")                                                   \
	_(Bridge, "Bridge two channels already in the PBX. ", AMI_PERM_CALL, AMI_ACT_SIM,          \
	  "Channel1*,Channel2*,Tone")                                                              \
	_(BridgeDestroy, "Destroy a bridge. ", 0, AMI_ACT_SIM | AMI_ACT_DANGER, "BridgeUniqueid*") \
	_(BridgeInfo, "Get information about a bridge. ", 0,                                       \
	  AMI_ACT_SIM | AMI_ACT_RO | AMI_ACT_LIST, "BridgeUniqueid*")                              \
	_(BridgeKick, "Kick a channel from a bridge. ", 0, AMI_ACT_SIM | AMI_ACT_DANGER,           \
	  "BridgeUniqueid,Channel*")                                                               \
	_(BridgeList, "Get a list of bridges in the system. ", 0,                                  \
	  AMI_ACT_SIM | AMI_ACT_RO | AMI_ACT_LIST, "BridgeType")                                   \
	_(BridgeTechnologyList, "List available bridging technologies and their statuses. ", 0,    \
	  AMI_ACT_SIM | AMI_ACT_RO | AMI_ACT_LIST, "")                                             \
	_(BridgeTechnologySuspend, "Suspend a bridging technology. ", 0, AMI_ACT_SIM,              \
	  "BridgeTechnology*")                                                                     \
	_(BridgeTechnologyUnsuspend, "Unsuspend a bridging technology. ", 0, AMI_ACT_SIM,          \
	  "BridgeTechnology*")                                                                     \
	_(CancelAtxfer, "Cancel an attended transfer. ", AMI_PERM_CALL, AMI_ACT_SIM, "Channel*")   \
	_(Challenge, "Generate Challenge for MD5 Auth. ", 0, AMI_ACT_SIM | AMI_ACT_RO,             \
	  "AuthType*")                                                                             \
	_(Command, "Execute Asterisk CLI Command. ", AMI_PERM_COMMAND, AMI_ACT_SIM, "Command*")    \
	_(ConfbridgeKick, "Kick a Confbridge user.", AMI_PERM_CALL, 0, "Conference*,Channel*")     \
	_(ConfbridgeList, "List participants in a conference.", AMI_PERM_REPORTING,                \
	  AMI_ACT_RO | AMI_ACT_LIST, "Conference*")                                                \
	_(ConfbridgeListRooms, "List active conferences.", AMI_PERM_REPORTING,                     \
	  AMI_ACT_RO | AMI_ACT_LIST, "")                                                           \
	_(ConfbridgeLock, "Lock a Confbridge conference.", AMI_PERM_CALL, 0, "")                   \
	_(ConfbridgeMute, "Mute a Confbridge user.", AMI_PERM_CALL, 0, "")                         \
	_(ConfbridgeStartRecord, "Start recording a Confbridge conference.", AMI_PERM_SYSTEM, 0,   \
	  "")                                                                                      \
	_(ConfbridgeStopRecord, "Stop recording a Confbridge conference.", AMI_PERM_SYSTEM, 0, "") \
	_(ConfbridgeUnlock, "Unlock a Confbridge conference.", AMI_PERM_CALL, 0, "")               \
	_(ConfbridgeUnmute, "Unmute a Confbridge user.", AMI_PERM_CALL, 0, "")                     \
	_(ControlPlayback, "Control the playback of a file being played to a channel.",            \
	  AMI_PERM_CALL, 0, "Channel*,Control*")                                                   \
	_(CoreSettings, "Show PBX core settings (version etc). ",                                  \
	  AMI_PERM_SYSTEM | AMI_PERM_REPORTING, AMI_ACT_SIM | AMI_ACT_RO, "")                      \
	_(CoreShowChannelMap, "List all channels connected to the specified channel. ",            \
	  AMI_PERM_SYSTEM | AMI_PERM_REPORTING, AMI_ACT_SIM | AMI_ACT_RO | AMI_ACT_LIST,           \
	  "Channel*")                                                                              \
	_(CoreShowChannels, "List currently active channels. ",                                    \
	  AMI_PERM_SYSTEM | AMI_PERM_REPORTING, AMI_ACT_SIM | AMI_ACT_RO | AMI_ACT_LIST, "")       \
	_(CoreStatus, "Show PBX core status variables. ", AMI_PERM_SYSTEM | AMI_PERM_REPORTING,    \
	  AMI_ACT_SIM | AMI_ACT_RO, "")                                                            \
	_(CreateConfig, "Creates an empty file in the configuration directory. ", AMI_PERM_CONFIG, \
	  AMI_ACT_SIM | AMI_ACT_DANGER, "Filename*")                                               \
	_(DBDel, "Delete DB entry. ", AMI_PERM_SYSTEM, AMI_ACT_SIM | AMI_ACT_DANGER,               \
	  "Family*,Key*")                                                                          \
	_(DBDelTree, "Delete DB Tree. ", AMI_PERM_SYSTEM, AMI_ACT_SIM | AMI_ACT_DANGER,            \
	  "Family*,Key")                                                                           \
	_(DBGet, "Get DB Entry. ", AMI_PERM_SYSTEM | AMI_PERM_REPORTING, AMI_ACT_SIM | AMI_ACT_RO, \
	  "Family*,Key*")                                                                          \
	_(DBGetTree, "Get DB entries, optionally at a particular family/key ",                     \
	  AMI_PERM_SYSTEM | AMI_PERM_REPORTING, AMI_ACT_SIM | AMI_ACT_RO | AMI_ACT_LIST,           \
	  "Family,Key")                                                                            \
	_(DBPut, "Put DB entry. ", AMI_PERM_SYSTEM, AMI_ACT_SIM | AMI_ACT_DANGER,                  \
	  "Family*,Key*,Val")                                                                      \
	_(DeviceStateList, "List the current known device states. ",                               \
	  AMI_PERM_CALL | AMI_PERM_REPORTING, AMI_ACT_SIM | AMI_ACT_RO | AMI_ACT_LIST, "")         \
	_(DialplanExtensionAdd, "Add an extension to the dialplan ", AMI_PERM_SYSTEM,              \
	  AMI_ACT_SIM | AMI_ACT_DANGER,                                                            \
	  "Context*,Extension*,Priority*,Application*,ApplicationData,Replace")                    \
	_(DialplanExtensionRemove, "Remove an extension from the dialplan ", AMI_PERM_SYSTEM,      \
	  AMI_ACT_SIM | AMI_ACT_DANGER, "Context*,Extension*,Priority")                            \
	_(Events, "Control Event Flow. ", 0, AMI_ACT_SIM | AMI_ACT_RO, "EventMask*")               \
	_(ExtensionState, "Check Extension Status. ", AMI_PERM_CALL | AMI_PERM_REPORTING,          \
	  AMI_ACT_SIM | AMI_ACT_RO, "Exten*,Context*")                                             \
	_(ExtensionStateList, "List the current known extension states. ",                         \
	  AMI_PERM_CALL | AMI_PERM_REPORTING, AMI_ACT_SIM | AMI_ACT_RO | AMI_ACT_LIST, "")         \
	_(FAXSession, "Responds with a detailed description of a single FAX session.",             \
	  AMI_PERM_CALL, AMI_ACT_RO, "SessionNumber*")                                             \
	_(FAXSessions, "Lists active FAX sessions.", AMI_PERM_CALL, AMI_ACT_RO | AMI_ACT_LIST, "") \
	_(FAXStats, "Responds with fax statistics.", AMI_PERM_REPORTING, AMI_ACT_RO, "")           \
	_(Filter, "Dynamically add filters for the current manager session. ", AMI_PERM_SYSTEM,    \
	  AMI_ACT_SIM | AMI_ACT_RO, "Operation,Filter,MatchCriteria")                              \
	_(GetConfig, "Retrieve configuration. ", AMI_PERM_SYSTEM | AMI_PERM_CONFIG,                \
	  AMI_ACT_SIM | AMI_ACT_RO, "Filename*,Category,Filter")                                   \
	_(GetConfigJSON, "Retrieve configuration (JSON format). ",                                 \
	  AMI_PERM_SYSTEM | AMI_PERM_CONFIG, AMI_ACT_SIM | AMI_ACT_RO,                             \
	  "Filename*,Category,Filter")                                                             \
	_(Getvar, "Gets a channel variable or function value. ",                                   \
	  AMI_PERM_CALL | AMI_PERM_REPORTING, AMI_ACT_SIM | AMI_ACT_RO, "Channel,Variable*")       \
	_(Hangup, "Hangup channel. ", AMI_PERM_SYSTEM | AMI_PERM_CALL,                             \
	  AMI_ACT_SIM | AMI_ACT_DANGER, "Channel*,Cause")                                          \
	_(IAXnetstats, "Show IAX Netstats.", AMI_PERM_SYSTEM | AMI_PERM_REPORTING, AMI_ACT_RO, "") \
	_(IAXpeerlist, "List IAX Peers.", AMI_PERM_SYSTEM | AMI_PERM_REPORTING,                    \
	  AMI_ACT_RO | AMI_ACT_LIST, "")                                                           \
	_(IAXpeers, "List IAX peers.", AMI_PERM_SYSTEM | AMI_PERM_REPORTING, AMI_ACT_RO, "")       \
	_(IAXregistry, "Show IAX registrations.", AMI_PERM_SYSTEM | AMI_PERM_REPORTING,            \
	  AMI_ACT_RO, "")                                                                          \
	_(ListCategories, "List categories in configuration file. ", AMI_PERM_CONFIG,              \
	  AMI_ACT_SIM | AMI_ACT_RO, "Filename*")                                                   \
	_(ListCommands, "List available manager commands. ", 0, AMI_ACT_SIM | AMI_ACT_RO, "")      \
	_(LocalOptimizeAway, "Optimize away a local channel when possible. ",                      \
	  AMI_PERM_SYSTEM | AMI_PERM_CALL, AMI_ACT_SIM, "Channel*")                                \
	_(LoggerRotate, "Reload and rotate the Asterisk logger. ",                                 \
	  AMI_PERM_SYSTEM | AMI_PERM_REPORTING, AMI_ACT_SIM | AMI_ACT_DANGER, "")                  \
	_(Login, "Login Manager. ", 0, AMI_ACT_SIM | AMI_ACT_RO,                                   \
	  "Username*,Secret,AuthType,Key,Events")                                                  \
	_(Logoff, "Logoff Manager. ", 0, AMI_ACT_SIM | AMI_ACT_RO, "")                             \
	_(MailboxCount, "Check Mailbox Message Count. ", AMI_PERM_CALL | AMI_PERM_REPORTING,       \
	  AMI_ACT_SIM | AMI_ACT_RO, "Mailbox*")                                                    \
	_(MailboxStatus, "Check mailbox. ", AMI_PERM_CALL | AMI_PERM_REPORTING,                    \
	  AMI_ACT_SIM | AMI_ACT_RO, "Mailbox*")                                                    \
	_(MeetmeList, "List participants in a conference.", AMI_PERM_REPORTING,                    \
	  AMI_ACT_RO | AMI_ACT_LIST, "Conference")                                                 \
	_(MeetmeListRooms, "List active conferences.", AMI_PERM_REPORTING,                         \
	  AMI_ACT_RO | AMI_ACT_LIST, "")                                                           \
	_(MeetmeMute, "Mute a Meetme user.", AMI_PERM_CALL, 0, "Meetme*,Usernum*")                 \
	_(MeetmeUnmute, "Unmute a Meetme user.", AMI_PERM_CALL, 0, "Meetme*,Usernum*")             \
	_(MessageSend, "Send an out of call message to an endpoint. ", AMI_PERM_MESSAGE,           \
	  AMI_ACT_SIM, "Destination*,To,From,Body,Base64Body,Variable")                            \
	_(MixMonitor,                                                                              \
	  "Record a call and mix the audio during the recording.  Use of StopMixMonitor is "       \
	  "required to guarantee the audio file is available for processing during dialplan "      \
	  "execution. ",                                                                           \
	  AMI_PERM_SYSTEM, AMI_ACT_SIM, "Channel*,File,options,Command")                           \
	_(MixMonitorMute, "Mute / unMute a Mixmonitor recording. ",                                \
	  AMI_PERM_SYSTEM | AMI_PERM_CALL, AMI_ACT_SIM, "Channel*,Direction,State*")               \
	_(ModuleCheck, "Check if module is loaded. ", AMI_PERM_SYSTEM, AMI_ACT_SIM | AMI_ACT_RO,   \
	  "Module*")                                                                               \
	_(ModuleLoad, "Module management. ", AMI_PERM_SYSTEM, AMI_ACT_SIM | AMI_ACT_DANGER,        \
	  "Module,LoadType*")                                                                      \
	_(MuteAudio, "Mute an audio stream.", AMI_PERM_SYSTEM, 0, "Channel*,Direction*,State*")    \
	_(MWIDelete, "Delete selected mailboxes.", AMI_PERM_CALL, 0, "Mailbox*")                   \
	_(MWIGet, "Get selected mailboxes with message counts.",                                   \
	  AMI_PERM_CALL | AMI_PERM_REPORTING, AMI_ACT_RO, "Mailbox*")                              \
	_(MWIUpdate, "Update the mailbox message counts.", AMI_PERM_CALL, 0,                       \
	  "Mailbox*,OldMessages,NewMessages")                                                      \
	_(Originate, "Originate a call. ", AMI_PERM_ORIGINATE, AMI_ACT_SIM,                        \
	  "Channel*,Exten,Context,Priority,Application,Data,Timeout,CallerID,Variable,Account,"    \
	  "EarlyMedia,Async,Codecs,ChannelId,OtherChannelId,PreDialGoSub")                         \
	_(Park, "Park a channel.", AMI_PERM_CALL, 0,                                               \
	  "Channel*,TimeoutChannel,AnnounceChannel,Timeout,Parkinglot")                            \
	_(ParkedCalls, "List parked calls.", AMI_PERM_CALL, AMI_ACT_RO | AMI_ACT_LIST, "")         \
	_(Parkinglots, "Get a list of parking lots.", AMI_PERM_CALL, AMI_ACT_RO | AMI_ACT_LIST,    \
	  "")                                                                                      \
	_(Ping, "Keepalive command. ", 0, AMI_ACT_SIM | AMI_ACT_RO, "")                            \
	_(PJSIPHangup, "Hangup PJSIP channels.", AMI_PERM_SYSTEM | AMI_PERM_CALL, AMI_ACT_DANGER,  \
	  "Channel*,Cause")                                                                        \
	_(PJSIPNotify,                                                                             \
	  "Send a NOTIFY to either an endpoint, an arbitrary URI, or inside a SIP dialog.",        \
	  AMI_PERM_SYSTEM, 0, "Endpoint,URI,Channel,Variable*")                                    \
	_(PJSIPQualify, "Qualify a chan_pjsip endpoint.", AMI_PERM_SYSTEM | AMI_PERM_REPORTING, 0, \
	  "Endpoint*")                                                                             \
	_(PJSIPRegister, "Register an outbound registration.",                                     \
	  AMI_PERM_SYSTEM | AMI_PERM_REPORTING, 0, "Registration*")                                \
	_(PJSIPSetMaintenance, "Put an endpoint in or out of maintenance.", AMI_PERM_SYSTEM,       \
	  AMI_ACT_DANGER, "Endpoint*,State*")                                                      \
	_(PJSIPShowAors, "Lists PJSIP AORs.", AMI_PERM_SYSTEM, AMI_ACT_RO | AMI_ACT_LIST, "")      \
	_(PJSIPShowAuths, "Lists PJSIP Auths.", AMI_PERM_SYSTEM, AMI_ACT_RO | AMI_ACT_LIST, "")    \
	_(PJSIPShowContacts, "Lists PJSIP Contacts.", AMI_PERM_SYSTEM, AMI_ACT_RO | AMI_ACT_LIST,  \
	  "")                                                                                      \
	_(PJSIPShowEndpoint, "Detail listing of an endpoint and its objects.", AMI_PERM_SYSTEM,    \
	  AMI_ACT_RO | AMI_ACT_LIST, "Endpoint*")                                                  \
	_(PJSIPShowEndpoints, "Lists PJSIP endpoints.", AMI_PERM_SYSTEM,                           \
	  AMI_ACT_RO | AMI_ACT_LIST, "")                                                           \
	_(PJSIPShowMaintenance, "Show endpoints in maintenance.",                                  \
	  AMI_PERM_SYSTEM | AMI_PERM_REPORTING, AMI_ACT_RO, "")                                    \
	_(PJSIPShowRegistrationInboundContactStatuses,                                             \
	  "Lists ContactStatuses for PJSIP inbound registrations.", AMI_PERM_SYSTEM, AMI_ACT_RO,   \
	  "")                                                                                      \
	_(PJSIPShowRegistrationsInbound, "Lists PJSIP inbound registrations.", AMI_PERM_SYSTEM,    \
	  AMI_ACT_RO | AMI_ACT_LIST, "")                                                           \
	_(PJSIPShowRegistrationsOutbound, "Lists PJSIP outbound registrations.",                   \
	  AMI_PERM_SYSTEM | AMI_PERM_REPORTING, AMI_ACT_RO | AMI_ACT_LIST, "")                     \
	_(PJSIPShowResourceLists, "Displays settings for configured resource lists.",              \
	  AMI_PERM_SYSTEM, AMI_ACT_RO | AMI_ACT_LIST, "")                                          \
	_(PJSIPShowSubscriptionsInbound, "Lists subscriptions.", AMI_PERM_SYSTEM,                  \
	  AMI_ACT_RO | AMI_ACT_LIST, "")                                                           \
	_(PJSIPShowSubscriptionsOutbound, "Lists subscriptions.", AMI_PERM_SYSTEM,                 \
	  AMI_ACT_RO | AMI_ACT_LIST, "")                                                           \
	_(PJSIPUnregister, "Unregister an outbound registration.",                                 \
	  AMI_PERM_SYSTEM | AMI_PERM_REPORTING, AMI_ACT_DANGER, "Registration*")                   \
	_(PlayDTMF, "Play DTMF signal on a specific channel. ", AMI_PERM_CALL, AMI_ACT_SIM,        \
	  "Channel*,Digit*,Duration,Receive")                                                      \
	_(PlayMF, "Play MF digit on a specific channel.", AMI_PERM_CALL, 0,                        \
	  "Channel*,Digit*,Duration")                                                              \
	_(PresenceState, "Check Presence State ", AMI_PERM_CALL | AMI_PERM_REPORTING,              \
	  AMI_ACT_SIM | AMI_ACT_RO, "Provider*")                                                   \
	_(PresenceStateList, "List the current known presence states. ",                           \
	  AMI_PERM_CALL | AMI_PERM_REPORTING, AMI_ACT_SIM | AMI_ACT_RO | AMI_ACT_LIST, "")         \
	_(QueueAdd, "Add interface to queue. ", AMI_PERM_AGENT, AMI_ACT_SIM,                       \
	  "Queue*,Interface*,Penalty,Paused,MemberName,StateInterface,Wrapuptime")                 \
	_(QueueChangePriorityCaller, "Change priority of a caller on queue. ", 0, AMI_ACT_SIM,     \
	  "Queue*,Caller*,Priority*,Immediate")                                                    \
	_(QueueLog, "Adds custom entry in queue_log. ", AMI_PERM_AGENT, AMI_ACT_SIM,               \
	  "Queue*,Event*,Uniqueid,Interface,Message")                                              \
	_(QueueMemberRingInUse, "Set the ringinuse value for a queue member. ", AMI_PERM_AGENT,    \
	  AMI_ACT_SIM, "Interface*,RingInUse*,Queue")                                              \
	_(QueuePause, "Makes a queue member temporarily unavailable. ", AMI_PERM_AGENT,            \
	  AMI_ACT_SIM, "Interface*,Paused*,Queue,Reason")                                          \
	_(QueuePenalty, "Set the penalty for a queue member. ", AMI_PERM_AGENT, AMI_ACT_SIM,       \
	  "Interface*,Penalty*,Queue")                                                             \
	_(QueueReload, "Reload a queue, queues, or any sub-section of a queue or queues. ", 0,     \
	  AMI_ACT_SIM | AMI_ACT_DANGER, "Queue,Members,Rules,Parameters")                          \
	_(QueueRemove, "Remove interface from queue. ", AMI_PERM_AGENT,                            \
	  AMI_ACT_SIM | AMI_ACT_DANGER, "Queue*,Interface*")                                       \
	_(QueueReset, "Reset queue statistics. ", 0, AMI_ACT_SIM | AMI_ACT_DANGER, "Queue")        \
	_(QueueRule, "Queue Rules. ", 0, AMI_ACT_SIM | AMI_ACT_RO | AMI_ACT_LIST, "Rule")          \
	_(QueueStatus, "Show queue status. ", 0, AMI_ACT_SIM | AMI_ACT_RO | AMI_ACT_LIST,          \
	  "Queue,Member")                                                                          \
	_(QueueSummary, "Show queue summary. ", 0, AMI_ACT_SIM | AMI_ACT_RO | AMI_ACT_LIST,        \
	  "Queue")                                                                                 \
	_(QueueWithdrawCaller,                                                                     \
	  "Request to withdraw a caller from the queue back to the dialplan. ", 0, AMI_ACT_SIM,    \
	  "Queue*,Caller*,WithdrawInfo")                                                           \
	_(Redirect, "Redirect (transfer) a call. ", AMI_PERM_CALL, AMI_ACT_SIM,                    \
	  "Channel*,ExtraChannel,Exten*,ExtraExten,Context*,ExtraContext,Priority*,ExtraPriority") \
	_(Reload, "Send a reload event. ", AMI_PERM_SYSTEM | AMI_PERM_CONFIG,                      \
	  AMI_ACT_SIM | AMI_ACT_DANGER, "Module")                                                  \
	_(SendFlash, "Send a hook flash on a specific channel. ", AMI_PERM_CALL, AMI_ACT_SIM,      \
	  "Channel*,Receive")                                                                      \
	_(SendText,                                                                                \
	  "Sends a text message to channel. A content type\tcan be optionally specified. If not "  \
	  "set it is set to an empty string allowing a custom handler to default it as it sees "   \
	  "fit. ",                                                                                 \
	  AMI_PERM_CALL, AMI_ACT_SIM, "Channel*,Message*,ContentType")                             \
	_(Setvar, "Sets a channel variable or function value. ", AMI_PERM_CALL, AMI_ACT_SIM,       \
	  "Channel,Variable*,Value*")                                                              \
	_(ShowDialPlan, "Show dialplan contexts and extensions ",                                  \
	  AMI_PERM_CONFIG | AMI_PERM_REPORTING, AMI_ACT_SIM | AMI_ACT_RO | AMI_ACT_LIST,           \
	  "Extension,Context")                                                                     \
	_(Status, "List channel status. ", AMI_PERM_SYSTEM | AMI_PERM_CALL | AMI_PERM_REPORTING,   \
	  AMI_ACT_SIM | AMI_ACT_RO | AMI_ACT_LIST, "Channel,Variables,AllVariables")               \
	_(StopMixMonitor,                                                                          \
	  "Stop recording a call through MixMonitor, and free the recording's file handle. ",      \
	  AMI_PERM_SYSTEM | AMI_PERM_CALL, AMI_ACT_SIM, "Channel*,MixMonitorID")                   \
	_(UpdateConfig, "Update basic configuration. ", AMI_PERM_CONFIG,                           \
	  AMI_ACT_SIM | AMI_ACT_DANGER,                                                            \
	  "SrcFilename*,DstFilename*,Reload,PreserveEffectiveContext,Action-000000*,Cat-000000*,"  \
	  "Var-000000,Value-000000,Match-000000,Line-000000,Options-000000")                       \
	_(UserEvent, "Send an arbitrary event. ", AMI_PERM_USER, AMI_ACT_SIM, "UserEvent*")        \
	_(VoicemailBoxSummary, "Show the mailbox contents of given voicemail user.",               \
	  AMI_PERM_CALL | AMI_PERM_REPORTING, AMI_ACT_RO, "Context*,Mailbox*")                     \
	_(VoicemailForward, "Forward a message from one mailbox to another.", AMI_PERM_USER, 0,    \
	  "")                                                                                      \
	_(VoicemailMove, "Move a message from one folder to another within a mailbox.",            \
	  AMI_PERM_USER, 0, "")                                                                    \
	_(VoicemailRefresh, "Tell Asterisk to poll mailboxes for a change.", AMI_PERM_USER, 0, "") \
	_(VoicemailRemove, "Remove a message from a mailbox folder.", AMI_PERM_USER, 0, "")        \
	_(VoicemailUsersList, "List All Voicemail User Information.",                              \
	  AMI_PERM_CALL | AMI_PERM_REPORTING, AMI_ACT_RO | AMI_ACT_LIST, "")                       \
	_(VoicemailUserStatus, "Show the status of given voicemail user's info.",                  \
	  AMI_PERM_CALL | AMI_PERM_REPORTING, AMI_ACT_RO, "Context*,Mailbox*")                     \
	_(WaitEvent, "Wait for an event to occur. ", 0, AMI_ACT_SIM | AMI_ACT_RO, "Timeout")

struct ami_catalog_entry {
	const char *name;
	const char *synopsis;
	uint32_t authority;
	unsigned flags;
	const char *fields;
};

/* The whole table, in order; *n receives its length. */
const struct ami_catalog_entry *ami_catalog(size_t *n);

/* Case-insensitive lookup (action names are, in Asterisk); NULL when unknown. */
const struct ami_catalog_entry *ami_catalog_find(struct ami_str name);

/* Asterisk's run test: (writeperm & authority) != 0 || authority == 0. */
bool ami_catalog_permits(uint32_t authority, uint32_t writeperm);

/*
 * Allowed on a read-only profile? Known read-only actions, and Command only for CLI
 * lines whose second word is "show" ("core show channels", "queue show") or the
 * completion helper "_command matchesarray". command may be NULL for other actions.
 */
bool ami_catalog_read_only_ok(struct ami_str action, struct ami_str command);

#endif
