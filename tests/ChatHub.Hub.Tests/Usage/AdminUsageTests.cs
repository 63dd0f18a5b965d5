using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Usage;
using ChatHub.Hub.Tests.Infrastructure;

namespace ChatHub.Hub.Tests.Usage;

/// <summary><c>GET /admin/usage</c> on the hub on Kestrel: the admin key, the query's checks (400 with a reason), the totals and a person's rows.</summary>
public sealed class AdminUsageTests : IAsyncLifetime
{
    private const string Key = "ops-key-AdminUsage3Kp7Zq";
    private HubServer _hub = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _hub = await HubServer.StartAsync(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "memory",
            ["Admin:Keys:ops"] = Key,
            ["Budgets:PerPersonMonthly:Tokens"] = "1000",
        });
        _http = new HttpClient { BaseAddress = _hub.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _hub.DisposeAsync();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key-0123456789abc")]
    public async Task GetUsage_WithoutTheAdminKey_401(string? key)
    {
        using var response = await SendAsync("/admin/usage", key);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("?from=2026-02-01&to=2026-01-01", "'from' (2026-02-01) is after 'to' (2026-01-01).")]
    [InlineData("?from=yesterday", "'from' must be a UTC day as yyyy-MM-dd")]
    [InlineData("?to=2026-13-01", "'to' must be a UTC day as yyyy-MM-dd")]
    [InlineData("?from=2026-01-01T00:00:00Z&to=2026-01-02", "'from' must be a UTC day as yyyy-MM-dd")]
    [InlineData("?from=2025-01-01&to=2026-01-01", "The range has 366 days; ask for at most 92 at a time.")]
    [InlineData("?userId=", "'userId' must be a hub user id")]
    public async Task GetUsage_BadQuery_400WithTheReason(string query, string reason)
    {
        using var response = await SendAsync("/admin/usage" + query, Key);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>().DefaultTimeout();
        Assert.Contains(reason, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetUsage_TotalsAndAPerson_200WithTheirRowsAndBudgets()
    {
        var recorder = _hub.Services.GetRequiredService<UsageRecorder>();
        var telegram = new ConversationRef(ChannelNames.Telegram, "bot1", "c1");
        recorder.Record("u_ann", telegram, ReplySource.Model, new UsageCounts { Messages = 1, ModelCalls = 2, PromptTokens = 600, CompletionTokens = 500 });
        recorder.Record("u_bob", telegram, ReplySource.Cache, new UsageCounts { Messages = 1, CacheHits = 1 });
        await recorder.FlushAsync(CancellationToken.None).DefaultTimeout();
        recorder.Record("u_ann", telegram, ReplySource.Knowledge, new UsageCounts { Messages = 1, KnowledgeHits = 1 }); // not written yet

        var totals = await GetJsonAsync("/admin/usage");
        var ann = await GetJsonAsync("/admin/usage?userId=u_ann");

        Assert.Equal(JsonValueKind.Null, totals.GetProperty("userId").ValueKind);
        Assert.Equal(JsonValueKind.Null, totals.GetProperty("budgets").ValueKind);
        Assert.Equal(2, totals.GetProperty("total").GetProperty("messages").GetInt64()); // as written by the last flush
        Assert.Equal(1, totals.GetProperty("total").GetProperty("cacheHits").GetInt64());
        var row = Assert.Single(ann.GetProperty("days").EnumerateArray());
        Assert.Equal(("telegram", "bot1"), (row.GetProperty("platform").GetString(), row.GetProperty("bot").GetString()));
        Assert.Equal(2, row.GetProperty("usage").GetProperty("messages").GetInt64()); // this node's unwritten counts too
        Assert.Equal(1100, ann.GetProperty("total").GetProperty("promptTokens").GetInt64() + ann.GetProperty("total").GetProperty("completionTokens").GetInt64());
        var monthly = ann.GetProperty("budgets").EnumerateArray().Single(b => b.GetProperty("period").GetString() == "month");
        Assert.Equal((1000L, 1100L, true), (monthly.GetProperty("tokensLimit").GetInt64(), monthly.GetProperty("tokensUsed").GetInt64(), monthly.GetProperty("reached").GetBoolean()));
        Assert.Empty((await GetJsonAsync("/admin/usage?userId=u_nobody")).GetProperty("days").EnumerateArray());
    }

    private async Task<HttpResponseMessage> SendAsync(string path, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        return await _http.SendAsync(request).DefaultTimeout();
    }

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await SendAsync(path, Key);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>().DefaultTimeout();
    }
}
