using ChatHub.Conversation.Images;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Pipeline;
using ChatHub.Conversation.Voice;
using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.WebChat;

/// <summary>Maps a widget's <c>Send(text, clientMessageId)</c> to an inbound message and publishes it.</summary>
public sealed class WebChatIngress
{
    private readonly IInboundPublisher _publisher;
    private readonly WebChatOptions _options;
    private readonly TimeProvider _time;

    public WebChatIngress(IInboundPublisher publisher, IOptions<WebChatOptions> options, TimeProvider time)
    {
        _publisher = publisher;
        _options = options.Value;
        _time = time;
    }

    public ConversationRef ConversationFor(string conversationId) => new(ChannelNames.WebChat, _options.BotId, conversationId);

    /// <summary>Publishes a widget's message; <paramref name="clientAddress"/> is the <see cref="ClientAddresses"/> key of its connection.</summary>
    public ValueTask<WebChatSendResult> SendAsync(
        string conversationId, string? text, string? clientMessageId, string? clientAddress, CancellationToken cancellationToken) =>
        SendAsync(conversationId, text, clientMessageId, clientAddress, images: null, cancellationToken);

    /// <summary>Publishes a widget's message with pictures it uploaded (<see cref="Conversation.Uploads.IUploadStore"/>, by upload id).</summary>
    public ValueTask<WebChatSendResult> SendAsync(
        string conversationId, string? text, string? clientMessageId, string? clientAddress, IReadOnlyList<ImageAttachment>? images,
        CancellationToken cancellationToken) =>
        SendAsync(conversationId, text, clientMessageId, clientAddress, images, voice: null, cancellationToken);

    /// <summary>Publishes a widget's message with pictures or a voice message it uploaded (by upload id).</summary>
    public async ValueTask<WebChatSendResult> SendAsync(
        string conversationId, string? text, string? clientMessageId, string? clientAddress, IReadOnlyList<ImageAttachment>? images,
        VoiceAttachment? voice, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(clientMessageId) || clientMessageId.Length > _options.MaxClientMessageIdLength
            || clientMessageId.Any(char.IsControl))
        {
            return WebChatSendResult.Failed(
                $"clientMessageId must be a non-empty string of at most {_options.MaxClientMessageIdLength} characters without control characters.");
        }

        var conversation = ConversationFor(conversationId);
        var message = new InboundMessage
        {
            Id = MessageIds.ForInbound(conversation, clientMessageId),
            PlatformMessageId = clientMessageId,
            Conversation = conversation,
            From = new Sender(conversationId),
            Text = text ?? "",
            ReceivedAt = _time.GetUtcNow(),
            Priority = MessagePriority.Interactive,
            IsDirect = true, // one browser, one conversation
            ClientAddress = clientAddress,
            Images = images is { Count: > 0 } ? images : null,
            Voice = voice,
        };

        var result = await _publisher.PublishAsync(message, RejectionReply.ToCaller, cancellationToken); // the invocation's result tells the widget
        return result.Outcome == IngressOutcome.Rejected ? WebChatSendResult.Failed(result.Reason!) : WebChatSendResult.Ok;
    }
}
