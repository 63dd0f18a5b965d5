using ChatHub.Conversation.WebChat;

namespace ChatHub.Adapters.WebChat;

/// <summary>Pushes events to the browsers of a conversation (implemented over SignalR by the Hub).</summary>
public interface IWebChatClients
{
    Task SendReplyAsync(string conversationId, WebChatReply reply, CancellationToken cancellationToken);

    Task SendTypingAsync(string conversationId, bool active, CancellationToken cancellationToken);
}
