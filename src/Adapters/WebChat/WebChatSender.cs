using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Pipeline;
using ChatHub.Conversation.WebChat;

namespace ChatHub.Adapters.WebChat;

/// <summary>
/// Egress for the web widget: typing and partial replies go straight to the conversation's browsers; final
/// replies are first written to the transcript (which numbers them) and then pushed, so a browser that was
/// offline catches up on reconnect.
/// </summary>
public sealed class WebChatSender : IChannelSender
{
    private readonly IWebChatClients _clients;
    private readonly IWebChatTranscript _transcript;

    public WebChatSender(IWebChatClients clients, IWebChatTranscript transcript)
    {
        _clients = clients;
        _transcript = transcript;
    }

    public string Channel => ChannelNames.WebChat;

    public async ValueTask<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var conversationId = message.Conversation.ChatId;
        switch (message.Kind)
        {
            case OutboundKind.Typing:
                await _clients.SendTypingAsync(conversationId, active: true, cancellationToken);
                return SendResult.Sent;
            case OutboundKind.Partial:
                await _clients.SendReplyAsync(conversationId, ToReply(message, final: false), cancellationToken);
                return SendResult.Sent;
            default:
                var stored = await _transcript.AppendAsync(conversationId, ToReply(message, final: true), cancellationToken);
                await _clients.SendReplyAsync(conversationId, stored, cancellationToken);
                return SendResult.Sent;
        }
    }

    private static WebChatReply ToReply(OutboundMessage message, bool final) =>
        new(message.Id, message.ReplyToPlatformMessageId, message.Text, final, message.Source, Seq: 0, message.IsError, final ? message.Suggestions : null)
        {
            Links = final ? message.Links : null,
        };
}
