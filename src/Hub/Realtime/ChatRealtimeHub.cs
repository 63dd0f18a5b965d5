using ChatHub.Adapters.WebChat;
using ChatHub.Conversation.Bus;
using ChatHub.Conversation.Images;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Telemetry;
using ChatHub.Conversation.Uploads;
using ChatHub.Conversation.Voice;
using ChatHub.Conversation.WebChat;
using Microsoft.AspNetCore.SignalR;

namespace ChatHub.Hub.Realtime;

/// <summary>
/// The web-chat hub at <c>/hubs/chat</c>. Protocol (docs/web-chat-protocol.md): the client calls
/// <c>Join(token, lastSeq)</c> and <c>Send(text, clientMessageId)</c> (or <c>SendImage(text, clientMessageId, imageId)</c>
/// after <c>POST /webchat/images</c>, <c>SendVoice(text, clientMessageId, voiceId)</c> after <c>POST /webchat/voice</c>);
/// the server calls <c>Reply</c>,
/// <c>Typing</c> and, when a client sends without joining, <c>Session</c>. New conversations and messages are admitted
/// within <see cref="WebChatAdmission"/>'s limits (per connection and per client address); a token is replaced by a
/// fresh one at every Join (sliding expiry), and a revoked conversation (its person was erased) is not opened again.
/// </summary>
public sealed partial class ChatRealtimeHub : Microsoft.AspNetCore.SignalR.Hub
{
    private const string ConversationKey = "chathub.conversation";
    private const string LimitsKey = "chathub.limits";
    private const string Unavailable = "The chat is briefly unavailable. Please try again in a moment.";

    private readonly WebChatIngress _ingress;
    private readonly WebChatTokens _tokens;
    private readonly WebChatRevocations _revocations;
    private readonly WebChatAdmission _admission;
    private readonly IWebChatTranscript _transcript;
    private readonly TransientFailures _transient;
    private readonly IUploadStore _uploads;
    private readonly IUploadStore _voiceUploads;
    private readonly ILogger<ChatRealtimeHub> _logger;

    public ChatRealtimeHub(
        WebChatIngress ingress, WebChatTokens tokens, WebChatRevocations revocations, WebChatAdmission admission, IWebChatTranscript transcript,
        TransientFailures transient, [FromKeyedServices(UploadKind.Images)] IUploadStore uploads,
        [FromKeyedServices(UploadKind.Voice)] IUploadStore voiceUploads, ILogger<ChatRealtimeHub> logger)
    {
        _uploads = uploads;
        _voiceUploads = voiceUploads;
        _ingress = ingress;
        _tokens = tokens;
        _revocations = revocations;
        _admission = admission;
        _transcript = transcript;
        _transient = transient;
        _logger = logger;
    }

    /// <summary>
    /// Binds this connection to a conversation: the one the token names, or a new one when the token is missing, not
    /// ours, expired or revoked. Replays final replies after <paramref name="lastSeq"/> before returning. The returned
    /// token is always a fresh one.
    /// </summary>
    public async Task<WebChatJoinResult> Join(string? token, long lastSeq)
    {
        try
        {
            return await JoinCoreAsync(token, lastSeq);
        }
        catch (Exception e) when (_transient.IsTransient(e) && !Context.ConnectionAborted.IsCancellationRequested)
        {
            // A store is unreachable (Redis restarting): a clear reason, one line; the widget joins again.
            LogUnavailable(_logger, nameof(Join), e.GetType().Name);
            throw new HubException(Unavailable);
        }
    }

    /// <summary>
    /// Sends a message. The same <paramref name="clientMessageId"/> is answered once, however often it is sent. While a
    /// store is unreachable the message is not accepted, with a reason (the widget offers to send it again).
    /// </summary>
    public async Task<WebChatSendResult> Send(string? text, string? clientMessageId)
    {
        try
        {
            return await SendCoreAsync(text, clientMessageId, imageId: null);
        }
        catch (Exception e) when (_transient.IsTransient(e) && !Context.ConnectionAborted.IsCancellationRequested)
        {
            LogUnavailable(_logger, nameof(Send), e.GetType().Name);
            return WebChatSendResult.Failed(Unavailable);
        }
    }

    /// <summary>
    /// Sends a message with a picture this conversation uploaded first (<c>POST /webchat/images</c> answers its
    /// <paramref name="imageId"/>); <paramref name="text"/> may be empty. Otherwise as <see cref="Send"/>.
    /// </summary>
    public async Task<WebChatSendResult> SendImage(string? text, string? clientMessageId, string? imageId)
    {
        try
        {
            return await SendCoreAsync(text, clientMessageId, imageId ?? "");
        }
        catch (Exception e) when (_transient.IsTransient(e) && !Context.ConnectionAborted.IsCancellationRequested)
        {
            LogUnavailable(_logger, nameof(SendImage), e.GetType().Name);
            return WebChatSendResult.Failed(Unavailable);
        }
    }

    /// <summary>
    /// Sends a voice message this conversation recorded and uploaded first (<c>POST /webchat/voice</c> answers its
    /// <paramref name="voiceId"/>); the worker transcribes it. <paramref name="text"/> may be empty. Otherwise as <see cref="Send"/>.
    /// </summary>
    public async Task<WebChatSendResult> SendVoice(string? text, string? clientMessageId, string? voiceId)
    {
        try
        {
            return await SendCoreAsync(text, clientMessageId, imageId: null, voiceId ?? "");
        }
        catch (Exception e) when (_transient.IsTransient(e) && !Context.ConnectionAborted.IsCancellationRequested)
        {
            LogUnavailable(_logger, nameof(SendVoice), e.GetType().Name);
            return WebChatSendResult.Failed(Unavailable);
        }
    }

    private async Task<WebChatJoinResult> JoinCoreAsync(string? token, long lastSeq)
    {
        var aborted = Context.ConnectionAborted;
        string conversationId;
        if (_tokens.TryValidate(token, out var existing) && !await _revocations.IsRevokedAsync(existing, aborted))
        {
            conversationId = existing;
        }
        else
        {
            await AdmitNewConversationAsync(aborted);
            conversationId = _tokens.Issue().ConversationId;
            lastSeq = 0;
        }

        await BindAsync(conversationId);
        var missed = await _transcript.GetAfterAsync(conversationId, Math.Max(0, lastSeq), aborted);
        foreach (var reply in missed)
        {
            await Clients.Caller.SendAsync(ClientMethods.Reply, WebChatReplyMessage.From(reply), aborted);
        }

        LogJoined(_logger, Context.ConnectionId, conversationId, missed.Count);
        return new WebChatJoinResult(_tokens.Issue(conversationId), conversationId, await _transcript.GetLastSeqAsync(conversationId, aborted));
    }

    private async Task<WebChatSendResult> SendCoreAsync(string? text, string? clientMessageId, string? imageId, string? voiceId = null)
    {
        var aborted = Context.ConnectionAborted;
        if (Context.Items[ConversationKey] is not string conversationId)
        {
            await AdmitNewConversationAsync(aborted);
            (conversationId, var token) = _tokens.Issue();
            await BindAsync(conversationId);
            await Clients.Caller.SendAsync(ClientMethods.Session, new WebChatJoinResult(token, conversationId, 0), aborted);
        }
        else if (await _revocations.IsRevokedAsync(conversationId, aborted))
        {
            return await RejectAsync(clientMessageId, "This conversation has ended. Reload the page to start a new one.", logged: false, aborted);
        }

        if (await _admission.MessageAsync(Limits(), ClientAddress(), aborted) is { } refused)
        {
            return await RejectAsync(clientMessageId, refused, logged: true, aborted); // logged by the admission, at Debug
        }

        List<ImageAttachment>? images = null;
        if (imageId is not null)
        {
            // Only a picture this conversation uploaded, still kept: the id alone is no way into another's upload.
            if (await OwnUploadAsync(_uploads, conversationId, imageId, aborted) is not { } stored)
            {
                return await RejectAsync(clientMessageId, "That picture has expired or was not uploaded here. Please send it again.", logged: false, aborted);
            }

            images = [new ImageAttachment { Channel = ChannelNames.WebChat, FileId = stored.Id, DeclaredType = stored.MediaType, DeclaredBytes = stored.Bytes.Length }];
        }

        VoiceAttachment? voice = null;
        if (voiceId is not null)
        {
            // Only a recording this conversation uploaded, still kept.
            if (await OwnUploadAsync(_voiceUploads, conversationId, voiceId, aborted) is not { } recorded)
            {
                return await RejectAsync(clientMessageId, "That voice message has expired or was not uploaded here. Please record it again.", logged: false, aborted);
            }

            voice = new VoiceAttachment { Channel = ChannelNames.WebChat, FileId = recorded.Id, DeclaredType = recorded.MediaType, DeclaredBytes = recorded.Bytes.Length };
        }

        var result = await _ingress.SendAsync(conversationId, text, clientMessageId, ClientAddress(), images, voice, aborted);
        return result.Accepted ? result : await RejectAsync(clientMessageId, result.Error!, logged: false, aborted);
    }

    /// <summary>The upload <paramref name="id"/> of <paramref name="store"/>, only if this conversation made it and it is still kept.</summary>
    private static async ValueTask<StoredUpload?> OwnUploadAsync(IUploadStore store, string conversationId, string id, CancellationToken cancellationToken) =>
        id.Length is 0 or > 64 ? null : await store.GetAsync(ChannelNames.WebChat, conversationId, id, cancellationToken);

    private async Task<WebChatSendResult> RejectAsync(string? clientMessageId, string reason, bool logged, CancellationToken cancellationToken)
    {
        if (!logged)
        {
            LogSendRejected(_logger, Context.ConnectionId, reason);
        }

        var error = new WebChatReply(MessageIds.NewId("err_"), clientMessageId, reason, Final: true, ReplySource.System, Seq: 0, Error: true);
        await Clients.Caller.SendAsync(ClientMethods.Reply, error, cancellationToken);
        return WebChatSendResult.Failed(reason);
    }

    /// <summary>Throws a <see cref="HubException"/> (the client sees its message) when no new conversation may start here now.</summary>
    private async Task AdmitNewConversationAsync(CancellationToken cancellationToken)
    {
        if (await _admission.NewConversationAsync(Limits(), ClientAddress(), cancellationToken) is { } refused)
        {
            throw new HubException(refused);
        }
    }

    private WebChatConnectionLimits Limits()
    {
        if (Context.Items[LimitsKey] is not WebChatConnectionLimits limits)
        {
            Context.Items[LimitsKey] = limits = _admission.NewConnection();
        }

        return limits;
    }

    /// <summary>The connection's address (the forwarded one when ForwardedHeaders is configured) as a limit key.</summary>
    private string? ClientAddress() => ClientAddresses.Key(Context.GetHttpContext()?.Connection.RemoteIpAddress);

    private async Task BindAsync(string conversationId)
    {
        if (Context.Items[ConversationKey] is string previous && previous != conversationId)
        {
            await Groups.RemoveFromGroupAsync(Context.ConnectionId, RealtimeGroups.ForConversation(previous), Context.ConnectionAborted);
        }

        Context.Items[ConversationKey] = conversationId;
        await Groups.AddToGroupAsync(Context.ConnectionId, RealtimeGroups.ForConversation(conversationId), Context.ConnectionAborted);
    }

    [LoggerMessage(EventId = 1104, Level = LogLevel.Warning, Message = "Web-chat {Method} failed: a store is unreachable ({ErrorType}); the client is told to try again")]
    private static partial void LogUnavailable(ILogger logger, string method, string errorType);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Debug, Message = "Connection {ConnectionId} joined {ConversationId}; {Replayed} replies replayed")]
    private static partial void LogJoined(ILogger logger, string connectionId, string conversationId, int replayed);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Information, Message = "Web-chat message on {ConnectionId} rejected: {Reason}")]
    private static partial void LogSendRejected(ILogger logger, string connectionId, UntrustedText reason);
}
