using ChatHub.Adapters.WebChat;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Telemetry;
using ChatHub.Conversation.WebChat;
using Microsoft.AspNetCore.SignalR;

namespace ChatHub.Hub.Realtime;

/// <summary>
/// The web-chat hub at <c>/hubs/chat</c>. Protocol (docs/web-chat-protocol.md): the client calls
/// <c>Join(token, lastSeq)</c> and <c>Send(text, clientMessageId)</c>; the server calls <c>Reply</c>,
/// <c>Typing</c> and, when a client sends without joining, <c>Session</c>.
/// </summary>
public sealed partial class ChatRealtimeHub : Microsoft.AspNetCore.SignalR.Hub
{
    private const string ConversationKey = "chathub.conversation";

    private readonly WebChatIngress _ingress;
    private readonly WebChatTokens _tokens;
    private readonly IWebChatTranscript _transcript;
    private readonly ILogger<ChatRealtimeHub> _logger;

    public ChatRealtimeHub(WebChatIngress ingress, WebChatTokens tokens, IWebChatTranscript transcript, ILogger<ChatRealtimeHub> logger)
    {
        _ingress = ingress;
        _tokens = tokens;
        _transcript = transcript;
        _logger = logger;
    }

    /// <summary>
    /// Binds this connection to a conversation: the one the token names, or a new one when the token is missing or
    /// not ours. Replays final replies after <paramref name="lastSeq"/> before returning.
    /// </summary>
    public async Task<WebChatJoinResult> Join(string? token, long lastSeq)
    {
        var aborted = Context.ConnectionAborted;
        string conversationId;
        if (_tokens.TryValidate(token, out var existing))
        {
            conversationId = existing;
        }
        else
        {
            (conversationId, token) = _tokens.Issue();
            lastSeq = 0;
        }

        await BindAsync(conversationId);
        var missed = await _transcript.GetAfterAsync(conversationId, Math.Max(0, lastSeq), aborted);
        foreach (var reply in missed)
        {
            await Clients.Caller.SendAsync(ClientMethods.Reply, reply, aborted);
        }

        LogJoined(_logger, Context.ConnectionId, conversationId, missed.Count);
        return new WebChatJoinResult(token!, conversationId, await _transcript.GetLastSeqAsync(conversationId, aborted));
    }

    /// <summary>Sends a message. The same <paramref name="clientMessageId"/> is answered once, however often it is sent.</summary>
    public async Task<WebChatSendResult> Send(string? text, string? clientMessageId)
    {
        var aborted = Context.ConnectionAborted;
        if (Context.Items[ConversationKey] is not string conversationId)
        {
            (conversationId, var token) = _tokens.Issue();
            await BindAsync(conversationId);
            await Clients.Caller.SendAsync(ClientMethods.Session, new WebChatJoinResult(token, conversationId, 0), aborted);
        }

        var result = await _ingress.SendAsync(conversationId, text, clientMessageId, aborted);
        if (!result.Accepted)
        {
            LogSendRejected(_logger, Context.ConnectionId, result.Error);
            var error = new WebChatReply(MessageIds.NewId("err_"), clientMessageId, result.Error!, Final: true, ReplySource.System, Seq: 0, Error: true);
            await Clients.Caller.SendAsync(ClientMethods.Reply, error, aborted);
        }

        return result;
    }

    private async Task BindAsync(string conversationId)
    {
        if (Context.Items[ConversationKey] is string previous && previous != conversationId)
        {
            await Groups.RemoveFromGroupAsync(Context.ConnectionId, RealtimeGroups.ForConversation(previous), Context.ConnectionAborted);
        }

        Context.Items[ConversationKey] = conversationId;
        await Groups.AddToGroupAsync(Context.ConnectionId, RealtimeGroups.ForConversation(conversationId), Context.ConnectionAborted);
    }

    [LoggerMessage(EventId = 1101, Level = LogLevel.Debug, Message = "Connection {ConnectionId} joined {ConversationId}; {Replayed} replies replayed")]
    private static partial void LogJoined(ILogger logger, string connectionId, string conversationId, int replayed);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Information, Message = "Web-chat message on {ConnectionId} rejected: {Reason}")]
    private static partial void LogSendRejected(ILogger logger, string connectionId, UntrustedText reason);
}
