using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using ChatHub.Adapters.BotFramework;
using ChatHub.Conversation.Identity;
using ChatHub.Conversation.Routing;
using ChatHub.Hub.Tests.BotFramework;
using ChatHub.Hub.Tests.Infrastructure;
using ChatHub.Testing.SignalR;

namespace ChatHub.Hub.Tests.Linking;

/// <summary>
/// Issue 15, items 11 and 4 (retention), against the real composition: what erasure reaches beyond sessions, routes
/// and identities, and anonymous identities forgotten after their retention.
/// </summary>
public sealed partial class ErasureTests
{
    private const string Key = "test-admin-key-0123456789abcdef";

    [GeneratedRegex("[A-Z2-9]{4}-[A-Z2-9]{4}")]
    private static partial Regex CodePattern();

    private static HttpClient Admin(HubServer server)
    {
        var http = new HttpClient { BaseAddress = server.BaseAddress };
        http.DefaultRequestHeaders.Add("X-Api-Key", Key);
        return http;
    }

    private static async Task<string> HubUserOfAsync(HttpClient admin, WebChatUser user) =>
        (await admin.GetFromJsonAsync<JsonElement>($"/admin/users?channel=webchat&userId={user.ConversationId}").DefaultTimeout())
            .GetProperty("hubUserId").GetString()!;

    [Fact]
    public async Task Attack_LiveLinkCodeOfAnErasedPerson_NoLongerLinksAnyone()
    {
        await using var server = await HubServer.StartAsync(new Dictionary<string, string?> { ["Admin:ApiKey"] = Key });
        using var admin = Admin(server);
        await using var erased = await WebChatUser.JoinAsync(server.BaseAddress);
        var code = CodePattern().Match(await erased.AskAsync("/link")).Value;

        using var erase = await admin.DeleteAsync($"/admin/users/{await HubUserOfAsync(admin, erased)}").DefaultTimeout();
        await using var finder = await WebChatUser.JoinAsync(server.BaseAddress);
        var redeemed = await finder.AskAsync($"/link {code}");

        erase.EnsureSuccessStatusCode();
        Assert.Contains("not valid", redeemed, StringComparison.Ordinal);
        Assert.Contains("Only this account", await finder.AskAsync("/whoami"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Erase_AuditKeepsTheFactsButNotTheId()
    {
        await using var server = await HubServer.StartAsync(new Dictionary<string, string?> { ["Admin:ApiKey"] = Key });
        using var admin = Admin(server);
        await using var a = await WebChatUser.JoinAsync(server.BaseAddress);
        await using var b = await WebChatUser.JoinAsync(server.BaseAddress);
        await b.AskAsync($"/link {CodePattern().Match(await a.AskAsync("/link")).Value}");
        var hubUser = await HubUserOfAsync(admin, a);

        using var erase = await admin.DeleteAsync($"/admin/users/{hubUser}").DefaultTimeout();
        var audit = await admin.GetFromJsonAsync<JsonElement>($"/admin/users/{hubUser}/audit").DefaultTimeout();

        erase.EnsureSuccessStatusCode();
        Assert.Equal(["link", "admin.read", "erase"], audit.EnumerateArray().Select(e => e.GetProperty("action").GetString()));
        Assert.DoesNotContain(hubUser, audit.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain(a.ConversationId, audit.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain(b.ConversationId, audit.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Erase_TeamsPerson_TheirConversationsServiceUrlIsForgotten()
    {
        await using var hub = await BotFrameworkHub.StartAsync(new Dictionary<string, string?> { ["Admin:ApiKey"] = Key });
        var conversation = "a:1erase" + BotFrameworkHub.NextId();
        using var posted = await hub.PostActivityAsync(hub.Activity("personal_message", BotFrameworkHub.NextId(), conversation, text: "/help"));
        await hub.Connector.WaitForMessagesAsync(conversation).DefaultTimeout();
        var inbound = hub.Bus.Inbound.Single(m => m.Conversation.ChatId == conversation);
        var hubUser = await hub.Server.Services.GetRequiredService<IIdentityMap>()
            .FindAsync(new PlatformIdentity(inbound.Conversation.Channel, inbound.From.UserId), CancellationToken.None).DefaultTimeout();
        var serviceUrls = hub.Server.Services.GetRequiredService<BotFrameworkConversations>();
        Assert.NotNull(await serviceUrls.GetAsync(inbound.Conversation, CancellationToken.None).DefaultTimeout());

        using var admin = Admin(hub.Server);
        using var erase = await admin.DeleteAsync($"/admin/users/{hubUser}").DefaultTimeout();

        erase.EnsureSuccessStatusCode();
        Assert.Null(await serviceUrls.GetAsync(inbound.Conversation, CancellationToken.None).DefaultTimeout());
        Assert.Null(await hub.Server.Services.GetRequiredService<IConversationReferenceStore>().GetAsync(inbound.Conversation, CancellationToken.None).DefaultTimeout());
    }

    [Fact]
    public async Task Attack_AnonymousConversations_AreForgottenAfterTheirRetention()
    {
        var clock = ManualTimeProvider.WithRealTimers();
        await using var server = await HubServer.StartAsync(
            new Dictionary<string, string?> { ["Admin:ApiKey"] = Key, ["Retention:WebChatIdentities"] = "30.00:00:00" },
            b => b.Services.AddSingleton<TimeProvider>(clock));
        using var admin = Admin(server);
        await using var visitor = await WebChatUser.JoinAsync(server.BaseAddress);
        await visitor.AskAsync("/help");
        var hubUser = await HubUserOfAsync(admin, visitor);

        clock.Advance(TimeSpan.FromDays(29));
        using var before = await admin.GetAsync($"/admin/users/{hubUser}").DefaultTimeout();
        clock.Advance(TimeSpan.FromDays(2));
        using var after = await admin.GetAsync($"/admin/users?channel=webchat&userId={visitor.ConversationId}").DefaultTimeout();
        using var byId = await admin.GetAsync($"/admin/users/{hubUser}").DefaultTimeout();

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, byId.StatusCode);
    }
}
