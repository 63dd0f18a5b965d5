using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using ChatHub.Hub.Tests.Infrastructure;
using Microsoft.Extensions.AI;

namespace ChatHub.Hub.Tests.Realtime;

/// <summary>
/// Issue 15, items 4 and 5, against the real composition: anonymous web-chat visitors on Kestrel, the engine replaced
/// by one that counts the model calls it gets. The per-address limits are set back to their production defaults (the
/// test server raises them, since every test client is on 127.0.0.1) or lower, to keep the runs small.
/// </summary>
public sealed class WebChatAbuseTests
{
    private readonly RecordingChatClient _engine = new();

    private Task<HubServer> StartAsync(Dictionary<string, string?> settings) =>
        HubServer.StartAsync(settings, b => b.Services.AddSingleton<IChatClient>(_engine));

    /// <summary>The production defaults of the limits the test server raises.</summary>
    private static Dictionary<string, string?> Defaults() => new()
    {
        ["Channels:WebChat:Limits:NewConversationsPerConnection"] = "3",
        ["Channels:WebChat:Limits:NewConversationsPerAddressBurst"] = "20",
        ["Channels:WebChat:Limits:MessagesPerConnectionBurst"] = "10",
        ["Channels:WebChat:Limits:MessagesPerAddressBurst"] = "60",
        ["RateLimits:PerClientAddressBurst"] = "30",
    };

    [Fact]
    public async Task Attack_ThirtyJoinsOnOneSocket_ThreeConversationsAndNoMoreModelCalls()
    {
        await using var server = await StartAsync(Defaults());
        await using var socket = await SignalRTestClient.ConnectAsync(server.BaseAddress);

        var joined = 0;
        var refused = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            try
            {
                await socket.InvokeAsync("Join", null, 0);
                joined++;
                await socket.InvokeAsync("Send", $"question {i}", $"m-{i}");
                await socket.NextAsync("Reply"); // the engine was called before any reply
            }
            catch (HubErrorException e)
            {
                refused.Add(e.Message);
            }
        }

        Assert.Equal(3, joined);
        Assert.Equal(27, refused.Count);
        Assert.All(refused, r => Assert.Contains("too many conversations", r, StringComparison.Ordinal));
        Assert.Equal(3, _engine.Prompts.Count);
    }

    [Fact]
    public async Task Attack_ASocketPerConversationFromOneAddress_NewConversationsAndModelCallsBoundedPerAddress()
    {
        var settings = Defaults();
        settings["Channels:WebChat:Limits:NewConversationsPerAddressBurst"] = "12";
        settings["Channels:WebChat:Limits:NewConversationsPerAddressRefill"] = "01:00:00";
        settings["RateLimits:PerClientAddressBurst"] = "5";
        settings["RateLimits:PerClientAddressRefill"] = "01:00:00";
        await using var server = await StartAsync(settings);

        var answered = new List<string>();
        var refusedJoins = 0;
        for (var i = 0; i < 30; i++)
        {
            await using var socket = await SignalRTestClient.ConnectAsync(server.BaseAddress);
            try
            {
                await socket.InvokeAsync("Join", null, 0);
            }
            catch (HubErrorException)
            {
                refusedJoins++;
                continue;
            }

            await socket.InvokeAsync("Send", $"question {i}", "m-1");
            var reply = (await socket.NextAsync("Reply"))[0];
            while (!reply.GetProperty("final").GetBoolean())
            {
                reply = (await socket.NextAsync("Reply"))[0];
            }

            answered.Add(reply.GetProperty("text").GetString()!);
        }

        Assert.Equal(18, refusedJoins);
        Assert.Equal(12, answered.Count);
        Assert.Equal(5, answered.Count(a => a.StartsWith("(heard", StringComparison.Ordinal)));
        Assert.Equal(7, answered.Count(a => a.Contains("from your network", StringComparison.Ordinal))); // each a new person: one notice each
        Assert.Equal(5, _engine.Prompts.Count);
    }

    [Fact]
    public async Task Attack_MessagesFloodOnOneConnection_RefusedPastItsBurst()
    {
        var settings = Defaults();
        settings["Channels:WebChat:Limits:MessagesPerConnectionRefill"] = "01:00:00";
        await using var server = await StartAsync(settings);
        await using var socket = await SignalRTestClient.ConnectAsync(server.BaseAddress);
        await socket.InvokeAsync("Join", null, 0);

        var accepted = 0;
        for (var i = 0; i < 15; i++)
        {
            var ack = await socket.InvokeAsync("Send", $"/help {i}", $"m-{i}");
            accepted += ack.GetProperty("accepted").GetBoolean() ? 1 : 0;
        }

        Assert.Equal(10, accepted);
    }

    [Fact]
    public async Task ForwardedAddress_CountsOnlyWhenTheProxyIsConfigured()
    {
        var settings = Defaults();
        settings["Channels:WebChat:Limits:NewConversationsPerAddressBurst"] = "2";
        settings["Channels:WebChat:Limits:NewConversationsPerAddressRefill"] = "01:00:00";
        var behindProxy = new Dictionary<string, string?>(settings) { ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1" };
        await using var proxied = await StartAsync(behindProxy);
        await using var direct = await StartAsync(settings);

        static async Task<bool> JoinsAsync(HubServer server, string forwardedFor)
        {
            await using var socket = await SignalRTestClient.ConnectAsync(
                server.BaseAddress, headers: new Dictionary<string, string> { ["X-Forwarded-For"] = forwardedFor });
            try
            {
                await socket.InvokeAsync("Join", null, 0);
                return true;
            }
            catch (HubErrorException)
            {
                return false;
            }
        }

        // Behind the configured proxy each forwarded address has its own budget of two.
        var proxiedJoins = new List<bool>();
        foreach (var address in new[] { "203.0.113.1", "203.0.113.1", "203.0.113.1", "203.0.113.2" })
        {
            proxiedJoins.Add(await JoinsAsync(proxied, address));
        }

        Assert.Equal([true, true, false, true], proxiedJoins);

        // Without it the header is anyone's to send: ignored, every connection counts as 127.0.0.1.
        var directJoins = new List<bool>();
        foreach (var address in new[] { "203.0.113.1", "203.0.113.2", "203.0.113.3" })
        {
            directJoins.Add(await JoinsAsync(direct, address));
        }

        Assert.Equal([true, true, false], directJoins);
    }

    [Fact]
    public async Task Attack_ForeignSiteOpensTheWebSocket_403()
    {
        await using var server = await HubServer.StartAsync(new Dictionary<string, string?> { ["Channels:WebChat:AllowedOrigins:0"] = "https://shop.example" });

        var refused = await Assert.ThrowsAsync<WebSocketException>(() => SignalRTestClient.ConnectAsync(
            server.BaseAddress, headers: new Dictionary<string, string> { ["Origin"] = "https://evil.example" }));
        await using var allowed = await SignalRTestClient.ConnectAsync(server.BaseAddress, headers: new Dictionary<string, string> { ["Origin"] = "https://shop.example" });
        var own = $"{server.BaseAddress.Scheme}://{server.BaseAddress.Authority}";
        await using var sameSite = await SignalRTestClient.ConnectAsync(server.BaseAddress, headers: new Dictionary<string, string> { ["Origin"] = own });
        await using var noBrowser = await SignalRTestClient.ConnectAsync(server.BaseAddress);

        Assert.Contains("403", refused.Message, StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Object, (await allowed.InvokeAsync("Join", null, 0)).ValueKind);
        Assert.Equal(JsonValueKind.Object, (await sameSite.InvokeAsync("Join", null, 0)).ValueKind);
        Assert.Equal(JsonValueKind.Object, (await noBrowser.InvokeAsync("Join", null, 0)).ValueKind);
    }

    [Fact]
    public async Task Attack_ForeignSiteNegotiates_403()
    {
        await using var server = await HubServer.StartAsync(new Dictionary<string, string?> { ["Channels:WebChat:AllowedOrigins:0"] = "https://shop.example" });
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        async Task<HttpStatusCode> NegotiateAsync(string origin)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/hubs/chat/negotiate?negotiateVersion=1");
            request.Headers.Add("Origin", origin);
            using var response = await http.SendAsync(request).DefaultTimeout();
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.Forbidden, await NegotiateAsync("https://evil.example"));
        Assert.Equal(HttpStatusCode.Forbidden, await NegotiateAsync("null"));
        Assert.Equal(HttpStatusCode.OK, await NegotiateAsync("https://shop.example"));
    }
}
