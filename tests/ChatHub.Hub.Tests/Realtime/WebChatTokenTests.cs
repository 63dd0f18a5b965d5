using System.Net.Http.Json;
using System.Text.Json;
using ChatHub.Hub.Tests.Infrastructure;

namespace ChatHub.Hub.Tests.Realtime;

/// <summary>
/// Issue 15, item 9, against the real composition: web-chat conversation tokens expire (sliding: every Join gives a
/// fresh one), carry a key id so that a rotation keeps conversations, and stop opening a conversation whose person was
/// erased.
/// </summary>
public sealed class WebChatTokenTests
{
    private static readonly string KeyA = Convert.ToBase64String([.. Enumerable.Range(0, 32).Select(i => (byte)(i * 7))]);
    private static readonly string KeyB = Convert.ToBase64String([.. Enumerable.Range(0, 32).Select(i => (byte)(i * 11 + 1))]);

    private static async Task<(string Token, string ConversationId)> JoinAsync(HubServer server, string? token)
    {
        await using var client = await SignalRTestClient.ConnectAsync(server.BaseAddress);
        var join = await client.InvokeAsync("Join", token, 0);
        return (join.GetProperty("token").GetString()!, join.GetProperty("conversationId").GetString()!);
    }

    [Fact]
    public async Task Token_PastItsLifetime_OpensANewConversation_AJoinInTimeSlidesIt()
    {
        var clock = new SteppedClock();
        await using var server = await HubServer.StartAsync(
            new Dictionary<string, string?> { ["Channels:WebChat:TokenKey"] = KeyA, ["Channels:WebChat:TokenLifetime"] = "30.00:00:00" },
            b => b.Services.AddSingleton<TimeProvider>(clock));

        var (first, conversation) = await JoinAsync(server, null);
        clock.Advance(TimeSpan.FromDays(20));
        var (renewed, resumed) = await JoinAsync(server, first);
        clock.Advance(TimeSpan.FromDays(20));
        var (_, withRenewed) = await JoinAsync(server, renewed);
        var (_, withFirst) = await JoinAsync(server, first);

        Assert.Equal(conversation, resumed);
        Assert.NotEqual(first, renewed);
        Assert.Equal(conversation, withRenewed);  // 20 days after its renewal
        Assert.NotEqual(conversation, withFirst); // 40 days after it was issued
    }

    [Fact]
    public async Task Token_SignedWithThePreviousKey_KeepsItsConversationDuringARotation()
    {
        string token, conversation;
        await using (var before = await HubServer.StartAsync(new Dictionary<string, string?> { ["Channels:WebChat:TokenKey"] = KeyA }))
        {
            (token, conversation) = await JoinAsync(before, null);
        }

        await using var rotating = await HubServer.StartAsync(new Dictionary<string, string?>
        {
            ["Channels:WebChat:TokenKey"] = KeyB, ["Channels:WebChat:PreviousTokenKeys:0"] = KeyA,
        });
        await using var rotated = await HubServer.StartAsync(new Dictionary<string, string?> { ["Channels:WebChat:TokenKey"] = KeyB });

        var (reissued, during) = await JoinAsync(rotating, token);
        var (_, afterWithOld) = await JoinAsync(rotated, token);
        var (_, afterWithReissued) = await JoinAsync(rotated, reissued);

        Assert.Equal(conversation, during);
        Assert.NotEqual(token.Split('.')[1], reissued.Split('.')[1]); // the new key's id
        Assert.NotEqual(conversation, afterWithOld);
        Assert.Equal(conversation, afterWithReissued);
    }

    [Fact]
    public async Task Attack_ErasedPersonsToken_NoLongerOpensTheConversationOrSendsIntoIt()
    {
        const string key = "test-admin-key-0123456789abcdef";
        await using var server = await HubServer.StartAsync(new Dictionary<string, string?> { ["Admin:ApiKey"] = key });
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        http.DefaultRequestHeaders.Add("X-Api-Key", key);
        await using var user = await WebChatUser.JoinAsync(server.BaseAddress);
        await user.AskAsync("/help");
        var found = await http.GetFromJsonAsync<JsonElement>($"/admin/users?channel=webchat&userId={user.ConversationId}").DefaultTimeout();

        using var erase = await http.DeleteAsync($"/admin/users/{found.GetProperty("hubUserId").GetString()}").DefaultTimeout();
        var stillOpen = await user.Client.InvokeAsync("Send", "anyone there?", "after-erasure");
        var (_, reopened) = await JoinAsync(server, user.Token);

        erase.EnsureSuccessStatusCode();
        Assert.False(stillOpen.GetProperty("accepted").GetBoolean());
        Assert.NotEqual(user.ConversationId, reopened);
    }
}
