using ChatHub.Adapters.WebChat;
using ChatHub.Conversation.Voice;
using ChatHub.Conversation.WebChat;
using Microsoft.AspNetCore.SignalR;

namespace ChatHub.Hub.Realtime;

/// <summary>Pushes web-chat events to a conversation's SignalR group.</summary>
public sealed class SignalRWebChatClients : IWebChatClients
{
    private readonly IHubContext<ChatRealtimeHub> _hub;

    public SignalRWebChatClients(IHubContext<ChatRealtimeHub> hub) => _hub = hub;

    public Task SendReplyAsync(string conversationId, WebChatReply reply, CancellationToken cancellationToken) =>
        _hub.Clients.Group(RealtimeGroups.ForConversation(conversationId)).SendAsync(ClientMethods.Reply, WebChatReplyMessage.From(reply), cancellationToken);

    public Task SendTypingAsync(string conversationId, bool active, CancellationToken cancellationToken) =>
        _hub.Clients.Group(RealtimeGroups.ForConversation(conversationId)).SendAsync(ClientMethods.Typing, new WebChatTyping(active), cancellationToken);

    public Task SendVoiceAsync(string conversationId, string replyId, SpokenAudio audio, CancellationToken cancellationToken) =>
        _hub.Clients.Group(RealtimeGroups.ForConversation(conversationId)).SendAsync(ClientMethods.Voice, WebChatVoice.From(replyId, audio), cancellationToken);
}
