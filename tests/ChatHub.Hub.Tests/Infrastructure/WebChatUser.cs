using System.Text.Json;

namespace ChatHub.Hub.Tests.Infrastructure;

/// <summary>A person in the web widget: one conversation, messages with fresh client ids, final replies.</summary>
public sealed class WebChatUser : IAsyncDisposable
{
    private readonly SignalRTestClient _client;
    private int _next;

    private WebChatUser(SignalRTestClient client, string token, string conversationId)
    {
        _client = client;
        Token = token;
        ConversationId = conversationId;
    }

    public string Token { get; }

    public string ConversationId { get; }

    public SignalRTestClient Client => _client;

    public static async Task<WebChatUser> JoinAsync(Uri hub, IReadOnlyDictionary<string, string>? headers = null)
    {
        var client = await SignalRTestClient.ConnectAsync(hub, headers: headers);
        var join = await client.InvokeAsync("Join", null, 0);
        return new WebChatUser(client, join.GetProperty("token").GetString()!, join.GetProperty("conversationId").GetString()!);
    }

    /// <summary>Sends and returns the final reply to this message (other finals, e.g. notifications, are kept).</summary>
    public async Task<string> AskAsync(string text)
    {
        var id = $"m-{Interlocked.Increment(ref _next)}";
        await _client.InvokeAsync("Send", text, id);
        while (true)
        {
            var reply = await NextFinalAsync();
            if (reply.GetProperty("inReplyTo").GetString() == id)
            {
                return reply.GetProperty("text").GetString()!;
            }
        }
    }

    public async Task<JsonElement> NextFinalAsync()
    {
        while (true)
        {
            var reply = (await _client.NextAsync("Reply"))[0];
            if (reply.GetProperty("final").GetBoolean())
            {
                return reply;
            }
        }
    }

    public ValueTask DisposeAsync() => _client.DisposeAsync();
}
