using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using ChatHub.Testing.SignalR;
using ChatHub.Testing.Processes;

namespace ChatHub.Redis.Tests.TwoHubs;

/// <summary>
/// Two hub processes (the real hub, real Kestrel) on one redis-server, sharing the web-chat token key: a widget on node A
/// gets the reply to a question asked through node B, a person's session written by either node is read by both, and
/// an answer computed on one node is a cache hit on the other.
/// </summary>
public sealed class TwoHubProcessesTests : IAsyncLifetime
{
    private const string ApiKey = "two-node-admin-key-0123456789";
    private RespServerProcess? _redis;
    private HubProcess? _a;
    private HubProcess? _b;
    private Dictionary<string, string>? _settings;

    private HubProcess A => _a!;

    private HubProcess B => _b!;

    public async Task InitializeAsync()
    {
        _redis = await RespServerProcess.StartAsync("redis");
        var settings = _settings = new Dictionary<string, string>
        {
            ["ConnectionStrings:Redis"] = _redis.ConnectionString,
            ["Redis:KeyPrefix"] = $"twohubs-{Guid.NewGuid():N}:",
            ["Channels:WebChat:TokenKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Admin:ApiKey"] = ApiKey,
            // Both run from the same folder: each node's in-process bus stays in memory (no shared inbox file).
            ["Storage:Provider"] = "memory",
        };
        var starting = new[] { HubProcess.StartAsync("hub-a", settings), HubProcess.StartAsync("hub-b", settings) };
        try
        {
            await Task.WhenAll(starting).DefaultTimeout();
        }
        finally
        {
            _a = starting[0].IsCompletedSuccessfully ? starting[0].Result : null;
            _b = starting[1].IsCompletedSuccessfully ? starting[1].Result : null;
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var hub in new[] { _a, _b })
        {
            if (hub is not null)
            {
                await hub.DisposeAsync();
            }
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }

    [Fact]
    public async Task WebChat_ReplyComputedOnNodeB_ReachesTheWidgetOnNodeA_AndTheSessionIsShared()
    {
        await using var onA = await WebChatUser.JoinAsync(A.Address);
        await using var onB = await SignalRTestClient.ConnectAsync(B.Address);
        var join = await onB.InvokeAsync("Join", onA.Token, 0);
        Assert.Equal(onA.ConversationId, join.GetProperty("conversationId").GetString());

        // Asked through B: the worker and egress of B answer, and A's widget gets it through the backplane.
        var sent = await onB.InvokeAsync("Send", "What is ChatHub?", "asked-on-b");
        Assert.True(sent.GetProperty("accepted").GetBoolean(), sent.ToString());
        var reply = await NextFinalReplyToAsync(onA, "asked-on-b");
        Assert.False(string.IsNullOrWhiteSpace(reply.GetProperty("text").GetString()));
        Assert.True(reply.GetProperty("seq").GetInt64() > 0);

        // Asked through A: A's worker appends to the same session that B's wrote.
        var answer = await onA.AskAsync("Which platforms does ChatHub support?");
        Assert.False(string.IsNullOrWhiteSpace(answer));

        var viaA = await GetUserAsync(A, onA.ConversationId);
        var viaB = await GetUserAsync(B, onA.ConversationId);
        Assert.Equal(viaA.GetProperty("hubUserId").GetString(), viaB.GetProperty("hubUserId").GetString());
        Assert.Equal(4, viaB.GetProperty("session").GetProperty("turns").GetInt32()); // 2 questions, 2 answers, from two nodes
        Assert.Equal(4, viaA.GetProperty("session").GetProperty("turns").GetInt32());
    }

    /// <summary>
    /// A picture the widget uploaded through node A is sent and answered through node B (a load balancer may send the
    /// upload and the connection to different nodes; B's worker reads the upload): the upload store is on Redis.
    /// </summary>
    [Fact]
    public async Task WebChat_PictureUploadedThroughNodeA_SentAndAnsweredThroughNodeB()
    {
        await using var onA = await WebChatUser.JoinAsync(A.Address);
        await using var onB = await SignalRTestClient.ConnectAsync(B.Address);
        await onB.InvokeAsync("Join", onA.Token, 0);
        using var http = new HttpClient();
        using var upload = new HttpRequestMessage(HttpMethod.Post, new Uri(A.Address, "/webchat/images"))
        {
            Content = new ByteArrayContent(Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")),
        };
        upload.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", onA.Token);
        using var uploaded = await http.SendAsync(upload).DefaultTimeout();
        Assert.Equal(System.Net.HttpStatusCode.Created, uploaded.StatusCode);
        var imageId = (await uploaded.Content.ReadFromJsonAsync<JsonElement>().DefaultTimeout()).GetProperty("imageId").GetString();

        var sent = await onB.InvokeAsync("SendImage", "", "picture-on-b", imageId);

        Assert.True(sent.GetProperty("accepted").GetBoolean(), sent.ToString());
        var reply = await NextFinalReplyToAsync(onA, "picture-on-b");
        Assert.StartsWith(ChatHub.Conversation.Images.ImageResolver.CannotLookReply, reply.GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HotQuestion_AnsweredOnNodeA_IsACacheHitOnNodeB()
    {
        // A phrasing the warm-up did not put in the cache: node A's knowledge base answers it, once for both nodes.
        const string Question = "so what does chathub do exactly";
        await using var onA = await WebChatUser.JoinAsync(A.Address);
        await using var onB = await WebChatUser.JoinAsync(B.Address);

        var first = await onA.AskForReplyAsync(Question).DefaultTimeout();
        var second = await onB.AskForReplyAsync(Question).DefaultTimeout();

        Assert.Equal("knowledge", first.GetProperty("source").GetString());
        Assert.Equal("cache", second.GetProperty("source").GetString()); // from the shared tier (L2): not computed again
        Assert.Equal(first.GetProperty("text").GetString(), second.GetProperty("text").GetString());
    }

    [Fact]
    public async Task HotQuestion_ChangedByAnotherNode_TheOtherNodeServesTheNewAnswer()
    {
        // The cache answers first turns only: every question comes from a new person.
        await FirstTurnOnBAsync();
        var copied = await FirstTurnOnBAsync(); // from B's own L1 copy by now
        Assert.Equal("cache", copied.GetProperty("source").GetString());

        // A third node whose knowledge base answers differently: its warm-up writes the new answer, and the backplane
        // tells A and B that their L1 copies are out of date. (It publishes during its start; the node is ready, and
        // the question below is sent, well after.)
        var knowledge = Path.Combine(Directory.CreateTempSubdirectory("chathub-kb-").FullName, "knowledge.md");
        await File.WriteAllTextAsync(knowledge, "## What is ChatHub?\nThe answer that node C wrote.\n");
        await using (await HubProcess.StartAsync("hub-c", new Dictionary<string, string>(_settings!) { ["Inference:Knowledge:Path"] = knowledge }))
        {
            var changed = await FirstTurnOnBAsync();
            Assert.Equal("The answer that node C wrote.", changed.GetProperty("text").GetString());
            Assert.Equal("cache", changed.GetProperty("source").GetString()); // B computed nothing: its copy was replaced
        }

        async Task<JsonElement> FirstTurnOnBAsync()
        {
            await using var person = await WebChatUser.JoinAsync(B.Address);
            return await person.AskForReplyAsync("What is ChatHub?").DefaultTimeout();
        }
    }

    [Fact]
    public async Task ReadyZ_BothNodes_ReportRedisReady()
    {
        using var http = new HttpClient();
        foreach (var hub in new[] { A, B })
        {
            var body = await http.GetFromJsonAsync<JsonElement>(new Uri(hub.Address, "/readyz")).DefaultTimeout();
            var redis = body.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "redis");
            Assert.Equal("Healthy", redis.GetProperty("status").GetString());
        }
    }

    private static async Task<JsonElement> NextFinalReplyToAsync(WebChatUser user, string clientMessageId)
    {
        while (true)
        {
            var reply = await user.NextFinalAsync().DefaultTimeout();
            if (reply.GetProperty("inReplyTo").GetString() == clientMessageId)
            {
                return reply;
            }
        }
    }

    private static async Task<JsonElement> GetUserAsync(HubProcess hub, string conversationId)
    {
        using var http = new HttpClient { BaseAddress = hub.Address };
        http.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        var response = await http.GetAsync(new Uri($"/admin/users?channel=webchat&userId={Uri.EscapeDataString(conversationId)}", UriKind.Relative)).DefaultTimeout();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}\n{hub.Tail}");
        return await response.Content.ReadFromJsonAsync<JsonElement>().DefaultTimeout();
    }
}
