using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ChatHub.Hub.Tests.Infrastructure;
using ChatHub.Testing.SignalR;

namespace ChatHub.Hub.Tests.Linking;

public sealed class AdminApiTests : IAsyncLifetime
{
    private const string Key = "test-admin-key-0123456789abcdef";
    private HubServer _server = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _server = await HubServer.StartAsync(new Dictionary<string, string?> { ["Admin:ApiKey"] = Key });
        _http = new HttpClient { BaseAddress = _server.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    private static HttpRequestMessage Request(HttpMethod method, string path, string? key = Key, object? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return request;
    }

    private async Task<string> HubUserOfAsync(WebChatUser user)
    {
        using var response = await _http.SendAsync(Request(HttpMethod.Get, $"/admin/users?channel=webchat&userId={user.ConversationId}")).DefaultTimeout();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>().DefaultTimeout();
        return body.GetProperty("hubUserId").GetString()!;
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key")]
    [InlineData("test-admin-key-0123456789abcdeX")]
    public async Task Admin_WithoutOrWithWrongKey_401(string? key)
    {
        using var response = await _http.SendAsync(Request(HttpMethod.Get, "/admin/users?channel=webchat&userId=x", key)).DefaultTimeout();
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        using var delete = await _http.SendAsync(Request(HttpMethod.Delete, "/admin/users/u_x", key)).DefaultTimeout();
        Assert.Equal(HttpStatusCode.Unauthorized, delete.StatusCode);
    }

    [Fact]
    public async Task Admin_NoKeyConfigured_NotMapped()
    {
        await using var server = await HubServer.StartAsync();
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        using var response = await http.SendAsync(Request(HttpMethod.Get, "/admin/users?channel=webchat&userId=x")).DefaultTimeout();
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Lookup_KnownAndUnknownAndBadQuery()
    {
        await using var user = await WebChatUser.JoinAsync(_server.BaseAddress);
        await user.AskAsync("What is ChatHub?");
        using var summary = await _http.SendAsync(Request(HttpMethod.Get, $"/admin/users/{await HubUserOfAsync(user)}")).DefaultTimeout();
        var body = await summary.Content.ReadFromJsonAsync<JsonElement>().DefaultTimeout();
        using var unknown = await _http.SendAsync(Request(HttpMethod.Get, "/admin/users?channel=telegram&userId=404")).DefaultTimeout();
        using var bad = await _http.SendAsync(Request(HttpMethod.Get, "/admin/users?channel=telegram")).DefaultTimeout();

        Assert.Equal(2, body.GetProperty("session").GetProperty("turns").GetInt32());
        Assert.Equal(user.ConversationId, body.GetProperty("identities")[0].GetProperty("userId").GetString());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task ProactiveMessage_ReachesUsersLastConversation()
    {
        await using var user = await WebChatUser.JoinAsync(_server.BaseAddress);
        await user.AskAsync("/help");
        var hubUser = await HubUserOfAsync(user);

        using var response = await _http.SendAsync(Request(HttpMethod.Post, $"/admin/users/{hubUser}/messages", body: new { text = "Maintenance at 17:00" })).DefaultTimeout();
        var pushed = await user.NextFinalAsync();
        using var empty = await _http.SendAsync(Request(HttpMethod.Post, $"/admin/users/{hubUser}/messages", body: new { text = "" })).DefaultTimeout();

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("Maintenance at 17:00", pushed.GetProperty("text").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
    }

    [Fact]
    public async Task Erase_LeavesNothingReadable_AuditTombstoned()
    {
        await using var user = await WebChatUser.JoinAsync(_server.BaseAddress);
        await user.AskAsync("my secret is swordfish");
        var hubUser = await HubUserOfAsync(user);

        using var erase = await _http.SendAsync(Request(HttpMethod.Delete, $"/admin/users/{hubUser}")).DefaultTimeout();
        var report = await erase.Content.ReadFromJsonAsync<JsonElement>().DefaultTimeout();
        using var lookup = await _http.SendAsync(Request(HttpMethod.Get, $"/admin/users?channel=webchat&userId={user.ConversationId}")).DefaultTimeout();
        using var byId = await _http.SendAsync(Request(HttpMethod.Get, $"/admin/users/{hubUser}")).DefaultTimeout();
        using var audit = await _http.SendAsync(Request(HttpMethod.Get, $"/admin/users/{hubUser}/audit")).DefaultTimeout();
        var auditText = await audit.Content.ReadAsStringAsync().DefaultTimeout();

        // The browser comes back with its token: no transcript is replayed.
        await using var again = await SignalRTestClient.ConnectAsync(_server.BaseAddress);
        await again.InvokeAsync("Join", user.Token, 0);
        var replayed = again.DrainEvents().Where(e => e.Target == "Reply").ToList();

        Assert.Equal(HttpStatusCode.OK, erase.StatusCode);
        Assert.Equal(2, report.GetProperty("sessionTurns").GetInt32());
        Assert.True(report.GetProperty("otherItems").GetInt32() >= 1);
        Assert.Equal(HttpStatusCode.NotFound, lookup.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, byId.StatusCode);
        Assert.Empty(replayed);
        Assert.DoesNotContain(user.ConversationId, auditText, StringComparison.Ordinal);
        Assert.Contains("erase", auditText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admin_EmptyKeyConfigured_TreatedAsUnset()
    {
        await using var server = await HubServer.StartAsync(new Dictionary<string, string?> { ["Admin:ApiKey"] = "" });
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        using var response = await http.SendAsync(Request(HttpMethod.Get, "/admin/users?channel=webchat&userId=x")).DefaultTimeout();
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Start_ShortApiKey_FailsWithClearMessage()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => HubServer.StartAsync(new Dictionary<string, string?> { ["Admin:ApiKey"] = "short" }));
        Assert.Contains("Admin:ApiKey", error.Message, StringComparison.Ordinal);
    }
}
