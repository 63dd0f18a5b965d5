using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Voice;
using ChatHub.Conversation.WebChat;

namespace ChatHub.Adapters.WebChat;

/// <summary>Pushes events to the browsers of a conversation (implemented over SignalR by the Hub).</summary>
public interface IWebChatClients
{
    Task SendReplyAsync(string conversationId, WebChatReply reply, CancellationToken cancellationToken);

    Task SendTypingAsync(string conversationId, bool active, CancellationToken cancellationToken);

    /// <summary>A reply spoken (<see cref="OutboundMessage.SpokenText"/>): the browsers play it beside the reply's text.</summary>
    Task SendVoiceAsync(string conversationId, string replyId, SpokenAudio audio, CancellationToken cancellationToken);
}
