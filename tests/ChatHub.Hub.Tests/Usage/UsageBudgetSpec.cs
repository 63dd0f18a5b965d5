using System.Diagnostics.Metrics;
using System.Net.Http.Json;
using System.Text.Json;
using ChatHub.Hub.Tests.Infrastructure;
using ChatHub.Testing.OpenAi;
using ChatHub.Testing.SignalR;

namespace ChatHub.Hub.Tests.Usage;

/// <summary>
/// Issue 22, usage and budgets, through the hub on Kestrel with the OpenAI-compatible fake, on each backend (the
/// durable default, SQLite; Redis): a person with a daily budget of one model call gets the model's answer, then one notice, then silence for
/// model questions, while knowledge-base and cache answers still come and the model is not called again; the admin
/// API shows the usage and the budget reached; the metrics carry platform, bot and outcome, never the person; erasure
/// removes the person's usage.
/// </summary>
public abstract class UsageBudgetSpec : IAsyncLifetime
{
    private const string Key = "ops-key-Usage5Tq8Wd2Lp0";
    private readonly List<(string Instrument, long Value, Dictionary<string, object?> Tags)> _measurements = [];
    private MeterListener _listener = null!;
    private FakeOpenAiServer _model = null!;
    private HubServer _hub = null!;

    public async Task InitializeAsync()
    {
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "ChatHub" && instrument.Name.StartsWith("chathub.usage.", StringComparison.Ordinal))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var copy = new Dictionary<string, object?>();
            foreach (var tag in tags)
            {
                copy[tag.Key] = tag.Value;
            }

            lock (_measurements)
            {
                _measurements.Add((instrument.Name, value, copy));
            }
        });
        _listener.Start();
        _model = await FakeOpenAiServer.StartAsync().DefaultTimeout();
        var settings = await StartBackendAsync();
        settings["Inference:OpenAI:Endpoint"] = _model.Endpoint.ToString();
        settings["Inference:OpenAI:Model"] = "fake-model";
        settings["Budgets:PerPersonDaily:ModelCalls"] = "1";
        settings["Admin:Keys:ops"] = Key;
        settings["RateLimits:PerUserBurst"] = "1000";
        settings["RateLimits:PerConversationBurst"] = "1000";
        _hub = await HubServer.StartAsync(settings);
    }

    public async Task DisposeAsync()
    {
        _listener.Dispose();
        await _hub.DisposeAsync();
        await _model.DisposeAsync();
        await StopBackendAsync();
    }

    /// <summary>Starts the backend and returns the hub's settings for it.</summary>
    protected abstract Task<Dictionary<string, string?>> StartBackendAsync();

    protected abstract Task StopBackendAsync();

    [Fact]
    public async Task OverBudget_OneNoticeThenSilence_KnowledgeAndCacheStillAnswered_ModelNotCalled_AdminAndMetricsShowIt()
    {
        await using var ann = await WebChatUser.JoinAsync(_hub.BaseAddress);

        var first = await ann.AskForReplyAsync("tell me a joke about penguins").DefaultTimeout();
        Assert.Equal("model", first.GetProperty("source").GetString());
        Assert.Equal(1, _model.Requests);

        var notice = await ann.AskForReplyAsync("and one about cats").DefaultTimeout();
        Assert.Contains("today's share of answers from the language model", notice.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal("system", notice.GetProperty("source").GetString());

        // Told once: the next model question gets nothing (the conversation is answered in order, so the knowledge
        // answer sent after it is the next final reply).
        await ann.Client.InvokeAsync("Send", "and one about dogs", "x-dogs").DefaultTimeout();
        await ann.Client.InvokeAsync("Send", "Which platforms does ChatHub support?", "x-kb").DefaultTimeout();
        var knowledge = await ann.NextFinalAsync().DefaultTimeout();
        Assert.Equal("x-kb", knowledge.GetProperty("inReplyTo").GetString());
        Assert.Equal("knowledge", knowledge.GetProperty("source").GetString());

        await ann.AskAsync("/reset").DefaultTimeout(); // a first-turn question again: the hot-question cache answers it
        var cached = await ann.AskForReplyAsync("What is ChatHub?").DefaultTimeout();
        Assert.Equal("cache", cached.GetProperty("source").GetString());
        Assert.Equal(1, _model.Requests);

        using var http = new HttpClient { BaseAddress = _hub.BaseAddress };
        var hubUser = (await GetAsync(http, $"/admin/users?channel=webchat&userId={ann.ConversationId}")).GetProperty("hubUserId").GetString();
        var usage = await GetAsync(http, $"/admin/usage?userId={hubUser}");
        var day = Assert.Single(usage.GetProperty("days").EnumerateArray());
        Assert.Equal("webchat", day.GetProperty("platform").GetString());
        var counts = day.GetProperty("usage");
        Assert.Equal(5, counts.GetProperty("messages").GetInt64()); // the commands are not questions
        Assert.Equal(1, counts.GetProperty("modelCalls").GetInt64());
        Assert.Equal(5, counts.GetProperty("promptTokens").GetInt64()); // the fake's usage chunk
        Assert.Equal(4, counts.GetProperty("completionTokens").GetInt64());
        Assert.Equal(0, counts.GetProperty("uncountedCalls").GetInt64());
        Assert.Equal(2, counts.GetProperty("budgetRefusals").GetInt64());
        Assert.Equal(1, counts.GetProperty("knowledgeHits").GetInt64());
        Assert.Equal(1, counts.GetProperty("cacheHits").GetInt64());
        var daily = usage.GetProperty("budgets").EnumerateArray().Single(b => b.GetProperty("period").GetString() == "day");
        Assert.True(daily.GetProperty("reached").GetBoolean());
        Assert.Equal(1, daily.GetProperty("modelCallsUsed").GetInt64());

        List<(string Instrument, long Value, Dictionary<string, object?> Tags)> seen;
        lock (_measurements)
        {
            seen = [.. _measurements];
        }

        var messages = seen.Where(m => m.Instrument == "chathub.usage.messages" && Equals(m.Tags["platform"], "webchat")).ToList();
        Assert.All(seen, m => Assert.DoesNotContain(m.Tags.Values, v => Equals(v, hubUser)));
        Assert.All(messages, m => Assert.Equal(["bot", "outcome", "platform"], m.Tags.Keys.Order(StringComparer.Ordinal)));
        foreach (var (outcome, least) in new[] { ("model", 1), ("refused", 2), ("knowledge", 1), ("cache", 1) })
        {
            Assert.True(messages.Where(m => Equals(m.Tags["outcome"], outcome)).Sum(m => m.Value) >= least, $"Too few '{outcome}' measurements.");
        }

        Assert.Contains(seen, m => m.Instrument == "chathub.usage.tokens" && Equals(m.Tags["kind"], "prompt") && Equals(m.Tags["platform"], "webchat"));
        Assert.Contains(seen, m => m.Instrument == "chathub.usage.model_calls" && Equals(m.Tags["platform"], "webchat"));

        // Erasure takes the person's usage with them (the totals across people name nobody and stay).
        using (var erase = new HttpRequestMessage(HttpMethod.Delete, $"/admin/users/{hubUser}"))
        {
            erase.Headers.Add("X-Api-Key", Key);
            using var erased = await http.SendAsync(erase).DefaultTimeout();
            erased.EnsureSuccessStatusCode();
        }

        Assert.Empty((await GetAsync(http, $"/admin/usage?userId={hubUser}")).GetProperty("days").EnumerateArray());
    }

    private static async Task<JsonElement> GetAsync(HttpClient http, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Api-Key", Key);
        using var response = await http.SendAsync(request).DefaultTimeout();
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>().DefaultTimeout();
    }
}
