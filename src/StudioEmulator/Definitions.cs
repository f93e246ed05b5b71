namespace StudioEmulator;

/// <summary>
/// Flow definitions in the format the Studio canvas exports (states, transitions, properties, flags).
/// Each is a realistic contact-centre flow; several wait on the customer in ways that strand executions.
/// </summary>
internal static class Definitions
{
    public const string InboundSms = """
    {
      "description": "Inbound SMS support",
      "states": [
        { "name": "Trigger", "type": "trigger", "properties": { "offset": { "x": 0, "y": 0 } },
          "transitions": [
            { "event": "incomingMessage", "next": "ask_reason" },
            { "event": "incomingCall" },
            { "event": "incomingConversationMessage" },
            { "event": "incomingRequest", "next": "ask_reason" },
            { "event": "incomingParent" } ] },
        { "name": "ask_reason", "type": "send-and-wait-for-reply",
          "properties": { "from": "{{flow.channel.address}}", "body": "Hi! What can we help you with today? Reply BILLING or TECH.", "timeout": "86400", "offset": { "x": 0, "y": 200 } },
          "transitions": [
            { "event": "incomingMessage", "next": "route_reply" },
            { "event": "timeout", "next": "last_call" },
            { "event": "deliveryFailure" } ] },
        { "name": "last_call", "type": "send-and-wait-for-reply",
          "properties": { "from": "{{flow.channel.address}}", "body": "Are you still there? Reply to keep this conversation open.", "timeout": "3600", "offset": { "x": 300, "y": 200 } },
          "transitions": [
            { "event": "incomingMessage", "next": "route_reply" },
            { "event": "timeout" },
            { "event": "deliveryFailure" } ] },
        { "name": "route_reply", "type": "split-based-on",
          "properties": { "input": "{{widgets.ask_reason.inbound.Body}}", "offset": { "x": 0, "y": 400 } },
          "transitions": [
            { "event": "noMatch", "next": "to_flex" },
            { "event": "match", "next": "to_flex", "conditions": [ { "type": "equal_to", "arguments": [ "{{widgets.ask_reason.inbound.Body}}" ], "value": "BILLING" } ] } ] },
        { "name": "to_flex", "type": "send-to-flex",
          "properties": { "workflow": "WW00000000000000000000000000000001", "channel": "TC00000000000000000000000000000001", "attributes": "{\"name\": \"{{trigger.message.From}}\"}", "offset": { "x": 0, "y": 600 } },
          "transitions": [ { "event": "callComplete" }, { "event": "failedToEnqueue" }, { "event": "callFailure" } ] }
      ],
      "initial_state": "Trigger",
      "flags": { "allow_concurrent_calls": true }
    }
    """;

    public const string WebchatConcierge = """
    {
      "description": "Webchat concierge",
      "states": [
        { "name": "Trigger", "type": "trigger", "properties": { "offset": { "x": 0, "y": 0 } },
          "transitions": [
            { "event": "incomingMessage" },
            { "event": "incomingCall" },
            { "event": "incomingConversationMessage", "next": "greet" },
            { "event": "incomingRequest" },
            { "event": "incomingParent" } ] },
        { "name": "greet", "type": "send-and-wait-for-reply",
          "properties": { "body": "Welcome! Can I have your order number?", "timeout": "14400", "offset": { "x": 0, "y": 200 } },
          "transitions": [
            { "event": "incomingMessage", "next": "lookup_order" },
            { "event": "timeout", "next": "nudge" },
            { "event": "deliveryFailure" } ] },
        { "name": "nudge", "type": "send-and-wait-for-reply",
          "properties": { "body": "Still there? Reply with your order number and we'll connect you.", "timeout": "3600", "offset": { "x": 300, "y": 200 } },
          "transitions": [
            { "event": "incomingMessage", "next": "lookup_order" },
            { "event": "timeout", "next": "greet" },
            { "event": "deliveryFailure" } ] },
        { "name": "lookup_order", "type": "run-function",
          "properties": { "service_sid": "ZS00000000000000000000000000000001", "function_sid": "ZH00000000000000000000000000000001", "url": "https://concierge-0001.twil.io/lookup-order", "offset": { "x": 0, "y": 400 } },
          "transitions": [ { "event": "success", "next": "to_flex" }, { "event": "fail" } ] },
        { "name": "to_flex", "type": "send-to-flex",
          "properties": { "workflow": "WW00000000000000000000000000000002", "channel": "TC00000000000000000000000000000002", "offset": { "x": 0, "y": 600 } },
          "transitions": [ { "event": "callComplete" }, { "event": "failedToEnqueue" }, { "event": "callFailure" } ] }
      ],
      "initial_state": "Trigger",
      "flags": { "allow_concurrent_calls": true }
    }
    """;

    // A voice flow created before October 2018: its flags lack allow_concurrent_calls.
    public const string VoiceMainLine = """
    {
      "description": "Main line IVR",
      "states": [
        { "name": "Trigger", "type": "trigger", "properties": { "offset": { "x": 0, "y": 0 } },
          "transitions": [
            { "event": "incomingMessage" },
            { "event": "incomingCall", "next": "main_menu" },
            { "event": "incomingConversationMessage" },
            { "event": "incomingRequest" },
            { "event": "incomingParent" } ] },
        { "name": "main_menu", "type": "gather-input-on-call",
          "properties": { "say": "Press 1 for sales, 2 for support.", "timeout": 5, "number_of_digits": 1, "offset": { "x": 0, "y": 200 } },
          "transitions": [
            { "event": "keypress", "next": "to_queue" },
            { "event": "speech" },
            { "event": "timeout", "next": "main_menu" } ] },
        { "name": "to_queue", "type": "enqueue-call",
          "properties": { "workflow_sid": "WW00000000000000000000000000000003", "offset": { "x": 0, "y": 400 } },
          "transitions": [ { "event": "callComplete" }, { "event": "failedToEnqueue" }, { "event": "callFailure" } ] }
      ],
      "initial_state": "Trigger",
      "flags": { }
    }
    """;

    public const string AppointmentReminders = """
    {
      "description": "Appointment reminders (REST-triggered)",
      "states": [
        { "name": "Trigger", "type": "trigger", "properties": { "offset": { "x": 0, "y": 0 } },
          "transitions": [
            { "event": "incomingMessage" },
            { "event": "incomingCall" },
            { "event": "incomingConversationMessage" },
            { "event": "incomingRequest", "next": "confirm" },
            { "event": "incomingParent" } ] },
        { "name": "confirm", "type": "send-and-wait-for-reply",
          "properties": { "from": "{{flow.channel.address}}", "body": "Reply YES to confirm your appointment on {{flow.data.date}}.", "timeout": "172800", "offset": { "x": 0, "y": 200 } },
          "transitions": [
            { "event": "incomingMessage", "next": "check_reply" },
            { "event": "timeout" },
            { "event": "deliveryFailure", "next": "confirm" } ] },
        { "name": "check_reply", "type": "split-based-on",
          "properties": { "input": "{{widgets.confirm.inbound.Body}}", "offset": { "x": 0, "y": 400 } },
          "transitions": [
            { "event": "noMatch", "next": "confirm" },
            { "event": "match", "next": "thanks", "conditions": [ { "type": "equal_to", "arguments": [ "{{widgets.confirm.inbound.Body}}" ], "value": "YES" } ] } ] },
        { "name": "thanks", "type": "send-message",
          "properties": { "body": "Thanks, see you then!", "offset": { "x": 0, "y": 600 } },
          "transitions": [ { "event": "sent" }, { "event": "failed" } ] }
      ],
      "initial_state": "Trigger",
      "flags": { "allow_concurrent_calls": true }
    }
    """;
}
