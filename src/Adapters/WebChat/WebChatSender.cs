using ChatHub.Adapters.Abstractions.Egress;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Pipeline;
using ChatHub.Conversation.Voice;
using ChatHub.Conversation.WebChat;

namespace ChatHub.Adapters.WebChat;

/// <summary>
/// Egress for the web widget: typing and partial replies go straight to the conversation's browsers; final
/// replies are first written to the transcript (which numbers them) and then pushed, so a browser that was
/// offline catches up on reconnect. A reply to be spoken (<see cref="OutboundMessage.SpokenText"/>) is then pushed as
/// audio too (<c>Voice</c>), which the open pages play; it is not kept in the transcript (the text is).
/// </summary>
public sealed class WebChatSender : IChannelSender
{
    private readonly IWebChatClients _clients;
    private readonly IWebChatTranscript _transcript;
    private readonly SpokenReplies? _spoken;

    public WebChatSender(IWebChatClients clients, IWebChatTranscript transcript, SpokenReplies? spoken = null)
    {
        _clients = clients;
        _transcript = transcript;
        _spoken = spoken;
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
                if (await _spoken.SpeakAsync(message, cancellationToken) is { } audio)
                {
                    await _clients.SendVoiceAsync(conversationId, message.Id, audio, cancellationToken);
                }

                return SendResult.Sent;
        }
    }

    private static WebChatReply ToReply(OutboundMessage message, bool final) =>
        new(message.Id, message.ReplyToPlatformMessageId, message.Text, final, message.Source, Seq: 0, message.IsError, final ? message.Suggestions : null)
        {
            Links = final ? message.Links : null,
        };
}
